// One more replica of the ML service beside a stack's (scripts/stack.ts runs one): the same
// program and settings, its own ports.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { listeningReport, ROOT, waitForReady } from "../../scripts/stack.js";

export interface MlReplica {
  url: string;
  metricsUrl: string;
  process: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

/** Starts ML with `env` (SUBGRAPH_SECRET and the model and rollout settings) on `port`; resolves once it is ready (or listening only, when told). */
export async function startMlReplica(env: Record<string, string | undefined>, port: number, untilReady = true): Promise<MlReplica> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "subgraphs/ml/src/main.ts")], {
    cwd: ROOT,
    env: { ...process.env, REVIEWS_SECRET: undefined, ML_SECRET: undefined, NODE_ENV: "production", ...env, ML_PORT: String(port), ML_METRICS_PORT: "0" },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString("utf8"));
    if (output.length > 2000) output.splice(0, 1000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const report = await listeningReport(child, "ml replica", 60_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${output.join("").slice(-3000)}`);
  });
  const url = `http://127.0.0.1:${report.port}`;
  if (untilReady) await waitForReady(`${url}/readyz`, 30_000, () => child.exitCode === null);
  return {
    url,
    metricsUrl: `http://127.0.0.1:${report.metricsPort}/metrics`,
    process: child,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
