// `npm start` as a supervisor: a service that dies is started again with backoff while the
// others keep serving; SIGTERM, or Ctrl-C (SIGINT to the whole process group), stops them all.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { restartDelayMs } from "../../scripts/supervisor.js";
import { ROOT, waitForReady } from "../../scripts/stack.js";
import { graphql } from "../support/graphql-client.js";
import { pollUntil, type Condition } from "../support/until.js";

const until = (condition: Condition, what: string, timeoutMs = 30_000) => pollUntil(condition, what, timeoutMs, 100);

/** A process that exists and is not a zombie. */
function running(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}

interface Launcher {
  process: ChildProcess;
  output: () => string;
  gateway: string;
  /** pid of the child running `entry`, or undefined */
  child: (entry: string) => number | undefined;
  exited: Promise<number | null>;
}

async function launch(): Promise<Launcher> {
  const dir = mkdtempSync(join(tmpdir(), "supervise-"));
  // Its own process group, so that the test can send SIGINT to the group as a terminal's Ctrl-C does.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "development", GATEWAY_PORT: "0", REVIEWS_PORT: "0", ML_PORT: "0", METRICS_PORT: "0", REVIEWS_METRICS_PORT: "0", ML_METRICS_PORT: "0", SQLITE_PATH: join(dir, "reviews.db"), API_KEYS_PATH: join(dir, "keys.json"), LOG_LEVEL: "warn" },
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // Every port is chosen by the system; the launcher names the gateway's once all three are ready.
  const ready = () => /endpoint\s+(http:\/\/[^/\s]+)\/graphql/.exec(output)?.[1];
  await pollUntil(() => ready() !== undefined || child.exitCode !== null, "the launcher to say it is ready", 60_000, 100);
  const gateway = ready();
  if (gateway === undefined) throw new Error(`npm start exited before it was ready:\n${output}`);
  const launcher: Launcher = {
    process: child,
    output: () => output,
    gateway,
    child: (entry) => {
      const rows = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(child.pid)], { encoding: "utf8" }).trim().split("\n");
      const row = rows.find((r) => r.includes(entry));
      return row ? Number(row.trim().split(/\s+/)[0]) : undefined;
    },
    exited,
  };
  await waitForReady(`${launcher.gateway}/readyz`, 60_000, () => child.exitCode === null);
  return launcher;
}

describe("npm start supervises the services", () => {
  let launcher: Launcher | undefined;
  afterEach(() => {
    if (launcher?.process.exitCode === null) process.kill(-(launcher.process.pid as number), "SIGKILL");
  });

  it("waits 0.5 s, 1 s, 2 s … at most 30 s before restarting a service that keeps dying", () => {
    expect([1, 2, 3, 4, 7, 20].map(restartDelayMs)).toEqual([500, 1000, 2000, 4000, 30_000, 30_000]);
  });

  it("restarts a killed service with backoff while the others serve, and stops everything on SIGTERM", async () => {
    launcher = await launch();
    const api = (query: string) => graphql(`${launcher?.gateway}/graphql`, query);
    const ANALYZE = `{ analyzeReview(text: "This is a must see.") { sentiment { label } } }`;
    const first = launcher.child("subgraphs/ml/") as number;
    process.kill(first, "SIGKILL");
    // Reviews and the gateway keep serving meanwhile.
    expect((await api(`{ reviews(first: 1) { edges { node { id } } } }`)).body.errors).toBeUndefined();
    await until(async () => {
      const second = launcher?.child("subgraphs/ml/");
      return second !== undefined && second !== first && (await api(ANALYZE)).body.data?.analyzeReview.sentiment?.label === "POSITIVE";
    }, "ml to be back");
    expect(launcher.output()).toContain("ml stopped unexpectedly (SIGKILL); starting it again in 0.5 s");

    // Dying again soon after its restart, it waits twice as long.
    process.kill(launcher.child("subgraphs/ml/") as number, "SIGKILL");
    await until(() => launcher?.output().includes("starting it again in 1 s") ?? false, "the second, longer delay");
    await until(async () => (await api(ANALYZE)).body.data?.analyzeReview.sentiment?.label === "POSITIVE", "ml to be back again");

    const children = ["subgraphs/reviews/", "subgraphs/ml/", "gateway/src/"].map((entry) => launcher?.child(entry) as number);
    launcher.process.kill("SIGTERM");
    expect(await launcher.exited).toBe(0);
    for (const pid of children) expect(running(pid), `child ${pid}`).toBe(false);
  });

  it("stops everything, restarting nothing, on Ctrl-C", async () => {
    launcher = await launch();
    const children = ["subgraphs/reviews/", "subgraphs/ml/", "gateway/src/"].map((entry) => launcher?.child(entry) as number);
    process.kill(-(launcher.process.pid as number), "SIGINT");
    expect(await launcher.exited).toBe(0);
    for (const pid of children) expect(running(pid), `child ${pid}`).toBe(false);
    expect(launcher.output()).not.toContain("stopped unexpectedly");
  });
});
