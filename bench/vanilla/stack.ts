// Starts the baseline: three processes (reviews, ml, gateway), like the project's stack.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitForReady } from "../../scripts/stack.js";

type Name = "reviews" | "ml" | "gateway";
const HERE = dirname(fileURLToPath(import.meta.url));
const ENTRY: Record<Name, string> = { reviews: "reviews-subgraph.ts", ml: "ml-subgraph.ts", gateway: "gateway.ts" };

export interface VanillaStack {
  gatewayUrl: string;
  pids: Record<Name, number>;
  coldStartMs: number;
  stop(): Promise<void>;
}

/** Ready once a `{ __typename }` query answers 200 (the standalone server has no /readyz). */
const TYPENAME_QUERY: RequestInit = { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' };

export async function startVanillaStack(ports: Record<Name, number>): Promise<VanillaStack> {
  const url = (name: Name) => `http://127.0.0.1:${ports[name]}/`;
  const children = new Map<Name, ChildProcess>();
  const launch = async (name: Name) => {
    const output: string[] = [];
    const child = spawn(process.execPath, ["--import", "tsx", join(HERE, ENTRY[name])], {
      env: { ...process.env, NODE_ENV: "production", PORT: String(ports[name]), REVIEWS_URL: url("reviews"), ML_URL: url("ml") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (c: Buffer) => output.push(c.toString("utf8")));
    child.stderr?.on("data", (c: Buffer) => output.push(c.toString("utf8")));
    children.set(name, child);
    await waitForReady(url(name), 30_000, () => child.exitCode === null, TYPENAME_QUERY).catch((error: Error) => {
      throw new Error(`${error.message}\n${output.join("").slice(-2000)}`);
    });
  };
  const stop = async () => {
    await Promise.all(
      [...children.values()].map((child) =>
        child.exitCode !== null || child.signalCode !== null ? undefined : new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
      ),
    );
  };
  const started = Date.now();
  try {
    await Promise.all([launch("reviews"), launch("ml")]);
    await launch("gateway");
  } catch (error) {
    await stop();
    throw error;
  }
  const pid = (name: Name) => children.get(name)!.pid!;
  return { gatewayUrl: url("gateway"), pids: { reviews: pid("reviews"), ml: pid("ml"), gateway: pid("gateway") }, coldStartMs: Date.now() - started, stop };
}
