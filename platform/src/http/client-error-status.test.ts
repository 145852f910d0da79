import { describe, expect, it } from "vitest";
import { clientErrorStatus } from "./client-error-status.js";

const answer = (codes: string[], data?: unknown) => JSON.stringify({ ...(data === undefined ? {} : { data }), errors: codes.map((code) => ({ message: "m", extensions: { code } })) });

describe("clientErrorStatus", () => {
  it("leaves every status but 500 as it is, without reading the body", () => {
    expect(clientErrorStatus(200, "not json")).toBe(200);
    expect(clientErrorStatus(400, answer(["INTERNAL_SERVER_ERROR"]))).toBe(400);
  });

  it("turns a 500 whose every error is the client's into a 400", () => {
    expect(clientErrorStatus(500, answer(["GRAPHQL_PARSE_FAILED"]))).toBe(400);
    expect(clientErrorStatus(500, answer(["GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"]))).toBe(400);
  });

  it("keeps a 500 when one error is the server's", () => {
    expect(clientErrorStatus(500, answer(["GRAPHQL_PARSE_FAILED", "INTERNAL_SERVER_ERROR"]))).toBe(500);
  });

  it("keeps a 500 that carries data or no errors", () => {
    expect(clientErrorStatus(500, answer(["BAD_USER_INPUT"], null))).toBe(500);
    expect(clientErrorStatus(500, answer([]))).toBe(500);
  });

  it("keeps a 500 whose body is not JSON", () => {
    expect(clientErrorStatus(500, "<html>")).toBe(500);
  });
});
