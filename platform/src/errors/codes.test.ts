import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { INTERNAL_SERVER_ERROR, PUBLIC_ERRORS, PUBLIC_ERROR_CODES, isClientErrorCode } from "./codes.js";
import * as factories from "./factories.js";
import { maskError } from "./masking.js";

const graphqlErrors: Record<string, GraphQLError> = {
  badUserInput: factories.badUserInput("Review must be at least 3 characters", "text"),
  badRequest: factories.badRequest("Review.sentiment needs the review's text"),
  unauthenticated: factories.unauthenticated("This operation needs credentials with the writer role"),
  forbidden: factories.forbidden("admin"),
  queryTooCostly: factories.queryTooCostly(1502, 1000),
  operationNotAllowed: factories.operationNotAllowed(),
  serviceUnavailable: factories.serviceUnavailable("ml"),
  overloaded: factories.overloaded("The sentiment model is overloaded; retry shortly"),
};

const refusals: Record<string, factories.Refusal> = {
  credentialsRefused: factories.credentialsRefused(),
  rateLimited: factories.rateLimited(7),
  payloadTooLarge: factories.payloadTooLarge(65_536),
  invalidJsonBody: factories.invalidJsonBody(),
  persistedQueryHashMismatch: factories.persistedQueryHashMismatch(),
  tokensUnverifiable: factories.tokensUnverifiable(),
};

describe("the public error codes", () => {
  it("each say what they mean and answer with an HTTP status", () => {
    for (const [code, spec] of Object.entries(PUBLIC_ERRORS)) {
      expect(spec.meaning, code).not.toBe("");
      expect(spec.status, code).toBeGreaterThanOrEqual(200);
      expect(spec.status, code).toBeLessThan(600);
    }
  });

  it("do not include INTERNAL_SERVER_ERROR, which only the mask gives", () => {
    expect(PUBLIC_ERROR_CODES.has(INTERNAL_SERVER_ERROR)).toBe(false);
  });

  it("count as the client's fault exactly when they answer 400", () => {
    expect(isClientErrorCode("GRAPHQL_PARSE_FAILED")).toBe(true);
    expect(isClientErrorCode("QUERY_TOO_COSTLY")).toBe(true);
    expect(isClientErrorCode("SERVICE_UNAVAILABLE")).toBe(false);
    expect(isClientErrorCode(INTERNAL_SERVER_ERROR)).toBe(false);
    expect(isClientErrorCode(undefined)).toBe(false);
  });
});

describe("every error factory", () => {
  it.each(Object.entries(graphqlErrors))("%s yields a GraphQL error that the mask passes as it is", (_name, error) => {
    const formatted = error.toJSON();
    expect(PUBLIC_ERROR_CODES.has(formatted.extensions?.code as string)).toBe(true);
    const masked = maskError(formatted, () => expect.unreachable("a factory's error was hidden"));
    expect(masked.message).toBe(error.message);
    expect(masked.extensions?.code).toBe(formatted.extensions?.code);
  });

  it.each(Object.entries(refusals))("%s yields a refusal with a public code and that code's HTTP status", (_name, refusal) => {
    expect(PUBLIC_ERROR_CODES.has(refusal.code)).toBe(true);
    expect(refusal.status).toBe(PUBLIC_ERRORS[refusal.code].status);
    expect(maskError(factories.refusalBody(refusal).errors[0] as { message: string }, () => expect.unreachable("a refusal was hidden")).message).toBe(refusal.message);
  });

  it("sets the HTTP status of errors that refuse a whole operation before it runs", () => {
    expect(graphqlErrors.queryTooCostly?.extensions.http).toEqual({ status: 400 });
    expect(graphqlErrors.operationNotAllowed?.extensions.http).toEqual({ status: 400 });
  });

  it("tells the client how long to wait when it is asked to", () => {
    expect(refusals.rateLimited?.headers).toEqual({ "retry-after": "7" });
    expect(refusals.tokensUnverifiable?.headers?.["retry-after"]).toBeDefined();
    expect(graphqlErrors.overloaded?.extensions.retryAfterSeconds).toBe(1);
  });

  it("does not blame the caller's credentials when the keys to check them cannot be had", () => {
    expect(refusals.tokensUnverifiable).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", message: "Cannot verify tokens right now; retry shortly" });
  });
});
