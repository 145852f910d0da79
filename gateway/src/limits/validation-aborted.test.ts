import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { explainAbortedValidation, VALIDATION_ABORTED_MESSAGE } from "./validation-aborted.js";

const schema = buildSchema("type Query { version: String }");
const asFormatted = (document: string) => validate(schema, parse(document)).map((e) => ({ ...e.toJSON(), extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }));

describe("a document graphql-js gives up validating", () => {
  it("is explained in words the caller can act on", () => {
    const [aborted] = asFormatted(`{ ${"version ".repeat(2000)} }`);
    expect(aborted?.message).toBe("Validation aborted.");
    expect(explainAbortedValidation(aborted as NonNullable<typeof aborted>).message).toBe(VALIDATION_ABORTED_MESSAGE);
  });

  it("leaves every other validation error as it was", () => {
    const [unknown] = asFormatted("{ versio }");
    expect(explainAbortedValidation(unknown as NonNullable<typeof unknown>)).toEqual(unknown);
  });
});
