import { describe, expect, it } from "vitest";
import { ConfigurationError, StartupError, describeStartupFailure, exitStatusFor } from "./startup.js";

describe("start-up failures", () => {
  it("exit 78 (EX_CONFIG) for configuration and 1 for anything else", () => {
    expect(exitStatusFor(new ConfigurationError("ML_URL", "invalid configuration"))).toBe(78);
    expect(exitStatusFor(new StartupError("cannot read the supergraph"))).toBe(1);
    expect(exitStatusFor(new TypeError("boom"))).toBe(1);
  });

  it("are printed as the service's name and the message, without a stack, when the project describes them", () => {
    expect(describeStartupFailure("gateway", new StartupError("cannot read the supergraph SUPERGRAPH_PATH=/x (ENOENT)"))).toBe("gateway: cannot read the supergraph SUPERGRAPH_PATH=/x (ENOENT)");
  });

  it("keep the stack of an unexpected failure, which no message describes yet", () => {
    const printed = describeStartupFailure("ml", new TypeError("Cannot read properties of undefined"));
    expect(printed).toMatch(/^ml: failed to start: TypeError: Cannot read properties of undefined\n\s+at /);
  });
});
