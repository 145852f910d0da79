import { createLogger } from "@sentiment/platform";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { servedFromAnswer } from "./served-sentiment.js";

const logger = createLogger("reviews", "silent");
const codeOf = (call: () => unknown) => {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return (error as GraphQLError).extensions.code;
  }
  throw new Error("did not throw");
};

describe("the serving model's answer for a feedback text", () => {
  it("is the label, probability and version the ML service returned", () => {
    const sentiment = { label: "NEGATIVE" as const, positiveProbability: 0.12, modelVersion: "lr-x" };
    expect(servedFromAnswer({ data: { _entities: [{ sentiment }] } }, logger)).toEqual(sentiment);
  });

  it("passes on an overloaded model as OVERLOADED, for the caller to retry later", () => {
    expect(codeOf(() => servedFromAnswer({ data: { _entities: [{ sentiment: null }] }, errors: [{ message: "busy", extensions: { code: "OVERLOADED" } }] }, logger))).toBe("OVERLOADED");
  });

  it("turns anything else (no answer, an internal error) into SERVICE_UNAVAILABLE without its details", () => {
    expect(codeOf(() => servedFromAnswer({ errors: [{ message: "secret internals", extensions: { code: "INTERNAL_SERVER_ERROR" } }] }, logger))).toBe("SERVICE_UNAVAILABLE");
    expect(codeOf(() => servedFromAnswer({ data: { _entities: [{ sentiment: { label: "MAYBE" } as never }] } }, logger))).toBe("SERVICE_UNAVAILABLE");
  });
});
