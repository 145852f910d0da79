// Several gateway processes on one port (GATEWAY_WORKERS): SIGTERM to the primary stops every
// worker the way one gateway stops — readiness fails, connections are still served during the
// drain window — and a second SIGTERM, passed on too, ends the window.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { listeningReport, ROOT } from "../../scripts/stack.js";
import { pollUntil } from "../support/until.js";

const SECRET = "s".repeat(40);

describe("gateway workers", () => {
  let primary: ChildProcess | undefined;
  afterAll(() => {
    primary?.kill("SIGKILL");
  });

  it("fail readiness on SIGTERM while still answering, and all stop on a second SIGTERM", async () => {
    primary = spawn(process.execPath, ["--import", "tsx", "gateway/src/main.ts"], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "silent", REVIEWS_SECRET: SECRET, ML_SECRET: SECRET, GATEWAY_PORT: "0", METRICS_PORT: "0", GATEWAY_WORKERS: "2", DRAIN_WINDOW_MS: "60000" },
      stdio: ["ignore", "ignore", "ignore", "ipc"],
    });
    const { port } = await listeningReport(primary, "the gateway", 30_000);
    const ready = async () => (await fetch(`http://127.0.0.1:${port}/readyz`, { headers: { connection: "close" } })).status;
    await pollUntil(async () => (await ready().catch(() => 0)) === 200, "the workers to be ready", 30_000, 50);
    const exited = new Promise<number | null>((resolve) => primary?.once("exit", (code) => resolve(code)));
    primary.kill("SIGTERM");
    // Every worker answers, and says it is stopping (several probes reach both workers).
    await pollUntil(async () => (await ready()) === 503, "readiness to fail", 10_000, 20);
    for (let i = 0; i < 6; i += 1) expect(await ready()).toBe(503);
    primary.kill("SIGTERM");
    expect(await exited).toBe(0);
    // Its own deadlines (start 30 s, ready 30 s, stopping 10 s) name what did not happen; the
    // test's limit is above their sum so that a busy machine's slow start-up is not a timeout.
  }, 120_000);
});
