import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { unresolvedReason } from "./operation-resolution.js";

describe("why no operation can be picked", () => {
  it("names the operations a document holds when none is picked", () => {
    expect(unresolvedReason(parse("query A { a } mutation B { b } { c }"), undefined)).toBe("The document holds 3 operations (A, B, (anonymous)): set operationName to the one to run");
  });

  it("names the operation asked for that the document does not hold", () => {
    expect(unresolvedReason(parse("query A { a } query B { b }"), "C")).toBe('The document holds no operation named "C"; it holds A, B');
  });

  it("says so when the document holds only fragments", () => {
    expect(unresolvedReason(parse("fragment F on Query { a }"), null)).toBe("The document holds no operation: send a query or a mutation");
  });
});
