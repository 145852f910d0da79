import fc from "fast-check";
import type { GraphQLFormattedError } from "graphql";
import { describe, expect, it } from "vitest";
import { INTERNAL_SERVER_ERROR, PUBLIC_ERROR_CODES, PUBLIC_EXTENSIONS } from "./codes.js";
import { maskError } from "./masking.js";

const keep = (formatted: GraphQLFormattedError) => maskError(formatted, () => undefined);

describe("maskError", () => {
  it("passes a public error with its message, locations and path", () => {
    const formatted: GraphQLFormattedError = { message: "Review must be at least 3 characters", locations: [{ line: 1, column: 3 }], path: ["submitReview"], extensions: { code: "BAD_USER_INPUT", field: "text" } };
    expect(keep(formatted)).toEqual(formatted);
  });

  it("keeps only the allowed extensions of a public error", () => {
    const masked = keep({ message: "The ml service is unavailable", extensions: { code: "SERVICE_UNAVAILABLE", service: "ml", stacktrace: ["at x"], url: "http://ml:4002/graphql", retryAfterSeconds: 1 } });
    expect(masked.extensions).toEqual({ code: "SERVICE_UNAVAILABLE", service: "ml", retryAfterSeconds: 1 });
  });

  it("hides an error with an unknown code behind a generic message, and hands the original to onHidden", () => {
    const hidden: GraphQLFormattedError[] = [];
    const original: GraphQLFormattedError = { message: 'relation "reviews" does not exist', path: ["review"], extensions: { code: "DATABASE_ERROR", stacktrace: ["at query"] } };
    expect(maskError(original, (error) => hidden.push(error))).toEqual({ message: "Internal server error", path: ["review"], extensions: { code: INTERNAL_SERVER_ERROR } });
    expect(hidden).toEqual([original]);
  });

  it("hides an error without a code", () => {
    expect(keep({ message: "Cannot read properties of undefined" })).toEqual({ message: "Internal server error", extensions: { code: INTERNAL_SERVER_ERROR } });
  });

  it("hides INTERNAL_SERVER_ERROR itself, whose message may say anything", () => {
    expect(keep({ message: "ECONNREFUSED 10.0.0.7:5432", extensions: { code: INTERNAL_SERVER_ERROR } }).message).toBe("Internal server error");
  });
});

describe("maskError, for any formatted error", () => {
  const code = fc.oneof(fc.constantFrom(...PUBLIC_ERROR_CODES, INTERNAL_SERVER_ERROR), fc.string(), fc.constant(undefined), fc.integer());
  const formattedError: fc.Arbitrary<GraphQLFormattedError> = fc.record(
    {
      message: fc.string(),
      path: fc.array(fc.oneof(fc.string(), fc.nat()), { maxLength: 4 }),
      extensions: fc.dictionary(fc.string(), fc.jsonValue()).chain((extra) =>
        fc.record({ code, stacktrace: fc.array(fc.string().map((line) => `    at ${line}`), { minLength: 1 }), exception: fc.record({ stacktrace: fc.array(fc.string()) }) }).map((known) => ({ ...extra, ...known })),
      ),
    },
    { requiredKeys: ["message"] },
  );

  it("never carries a stack and always carries a public code or INTERNAL_SERVER_ERROR", () => {
    fc.assert(
      fc.property(formattedError, (formatted) => {
        const masked = keep(formatted);
        // A stack could only ride in an extension or a key of its own; neither survives.
        for (const key of Object.keys(masked)) expect(["message", "locations", "path", "extensions"]).toContain(key);
        const maskedCode = masked.extensions?.code;
        expect(maskedCode === INTERNAL_SERVER_ERROR || PUBLIC_ERROR_CODES.has(maskedCode as string)).toBe(true);
        for (const key of Object.keys(masked.extensions ?? {})) expect(PUBLIC_EXTENSIONS).toContain(key);
      }),
    );
  });

  it("hides the message of every error whose code is not public", () => {
    fc.assert(
      fc.property(formattedError, (formatted) => {
        const masked = keep(formatted);
        if (!PUBLIC_ERROR_CODES.has(formatted.extensions?.code as string)) expect(masked.message).toBe("Internal server error");
      }),
    );
  });
});
