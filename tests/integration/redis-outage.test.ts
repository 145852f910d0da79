// The gateway's rate limits with a Redis of the test's own (never the shared one): stopped
// (SIGSTOP: connected but silent) and killed, then back.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey } from "@sentiment/gateway/api-keys";
import type { Stack } from "../../scripts/stack.js";
import { metricValue } from "../../scripts/prometheus-text.js";
import { freePort } from "../support/free-port.js";
import { graphql } from "../support/graphql-client.js";
import { startTestStack } from "../support/stack-fixture.js";
import { pollUntil, type Condition } from "../support/until.js";

const ANALYZE = `{ analyzeReview(text: "A gentle, funny film") { sentiment { label } } }`;
const LIMIT = 5;

const until = (condition: Condition, what: string, timeoutMs = 10_000) => pollUntil(condition, what, timeoutMs, 50);

describe("rate limits when Redis stops answering", () => {
  let redis: ChildProcess;
  let redisPort: number;
  let stack: Stack;

  const startRedis = async () => {
    redis = spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", mkdtempSync(`${tmpdir()}/redis-`)], { stdio: "ignore" });
    await until(() => new Promise<boolean>((resolve) => {
      const ping = spawn("redis-cli", ["-p", String(redisPort), "ping"], { stdio: ["ignore", "pipe", "ignore"] });
      let out = "";
      ping.stdout.on("data", (c: Buffer) => (out += c.toString()));
      ping.on("exit", () => resolve(out.trim() === "PONG"));
    }), "redis to answer");
  };
  const gatewayLog = () => stack.services.get("gateway")?.output.join("") ?? "";
  const logLines = () => gatewayLog().split("\n").filter((line) => line.trim() !== "");
  const count = (text: string) => logLines().filter((line) => line.includes(text)).length;
  /** Where the limits are counted now, from the metrics port (the public /healthz does not say). */
  const health = async () => {
    const exposition = await (await fetch(stack.metricsUrl)).text();
    return { rateLimits: (["shared", "local", "memory"] as const).find((mode) => metricValue(exposition, "rate_limit_store", { mode }) === 1) };
  };
  const freshKey = () => createKey(stack.keysPath as string, `redis-${Date.now()}-${Math.random()}`, "reader").key;

  beforeAll(async () => {
    redisPort = await freePort();
    await startRedis();
    stack = await startTestStack({ REDIS_URL: `redis://127.0.0.1:${redisPort}`, RATE_LIMIT_PER_CALLER: String(LIMIT), LOG_LEVEL: "info" });
  });
  afterAll(async () => {
    redis?.kill("SIGCONT");
    redis?.kill("SIGKILL");
    await stack?.stop();
  });

  it("takes its first request only once its limits are shared through Redis, so none is counted apart", async () => {
    expect((await health()).rateLimits).toBe("shared");
  });

  it("answers at once while Redis is stopped, under this instance's own limit, and says so once in JSON", async () => {
    const key = freshKey();
    expect((await graphql(stack.gatewayUrl, `{ __typename }`, {}, { authorization: `Bearer ${key}` })).status).toBe(200);
    redis.kill("SIGSTOP");
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i += 1) statuses.push((await graphql(stack.gatewayUrl, ANALYZE, {}, { authorization: `Bearer ${key}` })).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(200), 429, 429]);
    // Every answer came while Redis was still stopped: none waited for Redis to answer (a stopped
    // Redis never does), each gave up after its command timeout. No clock is read: a busy machine
    // makes the requests slower, not the test red.
    expect(readFileSync(`/proc/${redis.pid}/status`, "utf8")).toMatch(/^State:\s+T/m);
    expect((await health()).rateLimits).toBe("local");
    expect(count("rate limits fall back")).toBe(1);
  });

  it("shares the limits through Redis again once it answers, logged once", async () => {
    redis.kill("SIGCONT");
    await until(async () => (await health()).rateLimits === "shared", "limits shared through Redis again");
    // Once at start and once now.
    expect(count("rate limits shared through Redis")).toBe(2);
  });

  it("fails over to local limits while Redis is down and back when it returns, writing only JSON lines", async () => {
    redis.kill("SIGKILL");
    await until(() => count("rate limits fall back") === 2, "the fallback to be logged");
    expect((await graphql(stack.gatewayUrl, ANALYZE, {}, { authorization: `Bearer ${freshKey()}` })).status).toBe(200);
    // Reconnection attempts go on meanwhile (every 0.2-2 s); Redis returns on the same port.
    await startRedis();
    await until(async () => (await health()).rateLimits === "shared", "limits shared through Redis again", 15_000);
    expect(count("rate limits fall back")).toBe(2);
    for (const line of logLines()) expect(() => JSON.parse(line), line).not.toThrow();
    expect(gatewayLog()).not.toContain("[ioredis]");
  });
});

describe("a gateway whose Redis cannot be reached at start", () => {
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.stop();
  });

  it("starts all the same, counting its limits in its own memory, and says so", async () => {
    // A port nothing listens on: each connection attempt is refused at once.
    const nobody = await freePort();
    stack = await startTestStack({ REDIS_URL: `redis://127.0.0.1:${nobody}`, LOG_LEVEL: "info" });
    const exposition = await (await fetch(stack.metricsUrl)).text();
    expect(metricValue(exposition, "rate_limit_store", { mode: "local" })).toBe(1);
    expect(stack.services.get("gateway")?.output.join("")).toContain("rate limits fall back");
  });
});
