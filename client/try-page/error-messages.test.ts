import { describe, expect, it } from "vitest";
import { describeFailure } from "./error-messages.js";

const context = { action: "analyse" as const, length: 5010, max: 5000, min: 4 };
const bad = (message: string) => describeFailure({ kind: "api", status: 400, code: "BAD_USER_INPUT", message }, context);

describe("errors in plain words", () => {
  it("names each input rule the text broke", () => {
    expect(bad("Review must be at least 4 characters")).toMatch(/too short/);
    expect(bad("Review must be at most 5000 characters")).toBe("The text is too long: the limit is 5,000 characters, so remove 10 of them.");
    expect(bad("Review cannot be a number")).toMatch(/only a number/);
  });

  it("says how long to wait when rate limited or the model is overloaded", () => {
    expect(describeFailure({ kind: "api", status: 429, code: "RATE_LIMITED", retryAfterSeconds: 12 }, context)).toMatch(/Wait 12 seconds/);
    expect(describeFailure({ kind: "api", status: 503, code: "OVERLOADED", retryAfterSeconds: 1 }, context)).toMatch(/busy .* a second/);
  });

  it("tells a service that is down from a server that cannot be reached", () => {
    expect(describeFailure({ kind: "api", code: "SERVICE_UNAVAILABLE", service: "ml" }, context)).toMatch(/model is not answering/);
    expect(describeFailure({ kind: "api", status: 502 }, context)).toMatch(/down/);
    expect(describeFailure({ kind: "network" }, context)).toMatch(/cannot be reached/);
  });

  it("asks for a key when feedback needs one", () => {
    expect(describeFailure({ kind: "api", code: "UNAUTHENTICATED" }, { ...context, action: "feedback" })).toMatch(/needs an API key/);
  });

  it("never shows a raw message or code for anything unexpected", () => {
    const text = describeFailure({ kind: "api", status: 500, code: "INTERNAL_SERVER_ERROR", message: "TypeError at x.js:1", requestId: "abc" }, context);
    expect(text).not.toMatch(/TypeError|INTERNAL/);
    expect(text).toContain("abc");
  });
});
