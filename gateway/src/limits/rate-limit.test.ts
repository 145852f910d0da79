import { createLogger } from "@sentiment/platform";
import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit.js";

const limiter = () =>
  createRateLimiter({ perCaller: 3, perAddress: 5, authFailuresPerAddress: 2, authFailuresPerCredential: 2, windowSeconds: 60, redisCommandTimeoutMs: 50, logger: createLogger("gateway", "silent") });

describe("the rate limits in memory", () => {
  it("limit a caller with valid credentials by its own budget, whatever its address", async () => {
    const limits = limiter();
    for (let i = 0; i < 3; i += 1) expect(await limits.check("apikey:1", "198.51.100.1")).toBeNull();
    expect(await limits.check("apikey:1", "198.51.100.2")).toMatchObject({ limit: "caller" });
    // More keyed requests from one address than the address's budget: other callers go on.
    for (const caller of ["apikey:2", "apikey:3", "apikey:4"]) for (let i = 0; i < 3; i += 1) expect(await limits.check(caller, "198.51.100.1")).toBeNull();
  });

  it("count anonymous callers by their address only", async () => {
    const limits = limiter();
    for (let i = 0; i < 5; i += 1) expect(await limits.check("anonymous", "198.51.100.1")).toBeNull();
    expect(await limits.check("anonymous", "198.51.100.1")).toMatchObject({ limit: "address" });
    expect(await limits.check("anonymous", "198.51.100.2")).toBeNull();
  });

  it("never refuse valid credentials because anonymous requests used up their address's budget", async () => {
    const limits = limiter();
    for (let i = 0; i < 6; i += 1) await limits.check("anonymous", "198.51.100.1");
    expect(await limits.check("anonymous", "198.51.100.1")).toMatchObject({ limit: "address" });
    expect(await limits.check("apikey:1", "198.51.100.1")).toBeNull();
  });

  it("tell when an address is past its allowance of failed authentications", async () => {
    const limits = limiter();
    expect(await limits.recordAuthFailure("cred-a", "198.51.100.1")).toBeNull();
    expect(await limits.recordAuthFailure("cred-b", "198.51.100.1")).toBeNull();
    expect(await limits.recordAuthFailure("cred-c", "198.51.100.1")).toBeGreaterThan(0);
    expect(await limits.recordAuthFailure("cred-d", "198.51.100.2")).toBeNull();
  });

  it("tell when one credential has failed too often, whatever the addresses", async () => {
    const limits = limiter();
    await limits.recordAuthFailure("cred-a", "198.51.100.1");
    expect(await limits.credentialBlocked("cred-a")).toBeNull();
    await limits.recordAuthFailure("cred-a", "198.51.100.2");
    expect(await limits.credentialBlocked("cred-a")).toBeGreaterThan(0);
    expect(await limits.credentialBlocked("cred-b")).toBeNull();
  });

  it("count no more credentials for an address past its allowance, so invented ones cannot fill the store", async () => {
    const limits = limiter();
    await limits.recordAuthFailure("cred-a", "198.51.100.1");
    await limits.recordAuthFailure("cred-b", "198.51.100.1");
    // Past the allowance: the same credential again does not reach its own limit.
    await limits.recordAuthFailure("cred-b", "198.51.100.1");
    expect(await limits.credentialBlocked("cred-b")).toBeNull();
  });
});

describe("where the rate limits count", () => {
  // With Redis, settling waits for its first answer or failure: tests/integration/redis-outage.test.ts.
  it("is settled at once without Redis: memory", async () => {
    const limits = limiter();
    await limits.settled();
    expect(limits.mode()).toBe("memory");
  });
});
