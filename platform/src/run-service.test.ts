import { describe, expect, it } from "vitest";
import { ConfigurationError, StartupError } from "./errors/startup.js";
import { runService } from "./run-service.js";

const collect = () => {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
};

describe("runService", () => {
  it("resolves to the status the service's stop reports", async () => {
    const out = collect();
    await expect(runService("svc", async () => ({ stopped: Promise.resolve(0) }), out.write)).resolves.toBe(0);
    expect(out.lines).toEqual([]);
  });

  it("resolves to 78 and prints the message when the configuration is wrong", async () => {
    const out = collect();
    const status = await runService("svc", async () => { throw new ConfigurationError("PORT", "invalid configuration: PORT"); }, out.write);
    expect(status).toBe(78);
    expect(out.lines).toEqual(["svc: invalid configuration: PORT\n"]);
  });

  it("resolves to 1 with the message of a described start-up failure", async () => {
    const out = collect();
    const status = await runService("svc", async () => { throw new StartupError("cannot read the model file"); }, out.write);
    expect(status).toBe(1);
    expect(out.lines).toEqual(["svc: cannot read the model file\n"]);
  });

  it("resolves to 1 with the stack of an unexpected failure", async () => {
    const out = collect();
    const status = await runService("svc", async () => { throw new TypeError("boom"); }, out.write);
    expect(status).toBe(1);
    expect(out.lines[0]).toMatch(/^svc: failed to start: TypeError: boom\n\s+at /);
  });
});
