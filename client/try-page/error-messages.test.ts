import { describe, expect, it } from "vitest";
import { failedAuthenticationsLimited } from "@sentiment/platform";
import { describeFailure } from "./error-messages.js";

const context = { action: "analyse" as const, length: 5010, max: 5000, min: 4, hasKey: false };
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

  it("tells a key refused too often from a caller sending too fast: checking the key helps, waiting does not", () => {
    const refused = { kind: "api" as const, status: 429, code: "RATE_LIMITED", retryAfterSeconds: 57, limit: failedAuthenticationsLimited(57, "credentials").limit };
    expect(describeFailure(refused, { ...context, hasKey: true })).toMatch(/API key you entered has been refused too many times/);
    expect(describeFailure(refused, { ...context, hasKey: true })).not.toMatch(/Wait/);
    const fromAddress = { ...refused, limit: failedAuthenticationsLimited(57, "address").limit };
    expect(describeFailure(fromAddress, { ...context, hasKey: true })).toMatch(/API key you entered has been refused too many times/);
  });

  it("tells a caller sending too fast to wait, key or no key", () => {
    const tooFast = { kind: "api" as const, status: 429, code: "RATE_LIMITED", retryAfterSeconds: 9, limit: "requests" };
    expect(describeFailure(tooFast, { ...context, hasKey: true })).toMatch(/Too many requests .* Wait 9 seconds/);
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

  it("says how many sentences a text has and how to split it when it has too many", () => {
    expect(bad("Sentence analysis takes texts of at most 64 sentences and this one has 70; ask for the label alone, or send the text in parts")).toBe(
      "The text has 70 sentences, more than the 64 the model reads one by one. Split it into parts of at most 64 sentences and try again.",
    );
    expect(bad("Review must be at most 64 sentences, so that each can be analysed; this one has 65: send it in parts")).toMatch(/has 65 sentences/);
  });

  it("shows the API's own message for an input rule it does not know", () => {
    expect(bad("A brand new rule: texts must mention a product")).toBe("The server did not accept this text: A brand new rule: texts must mention a product");
  });

  it("says an entered key was not accepted rather than asking for one", () => {
    for (const action of ["analyse", "feedback"] as const) {
      const text = describeFailure({ kind: "api", status: 401, code: "UNAUTHENTICATED" }, { ...context, action, hasKey: true });
      expect(text).toMatch(/key you entered was not accepted/);
      expect(text).not.toMatch(/Enter yours/);
    }
  });

  it("explains the feedback quota without telling the person to retry", () => {
    expect(describeFailure({ kind: "api", code: "QUOTA_EXCEEDED" }, { ...context, action: "feedback" })).toMatch(/as much feedback .* as one key may keep/);
  });
});
