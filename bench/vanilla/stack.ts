// Starts the baseline: three processes (reviews, ml, gateway), like the project's stack.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
async function waitForGraphql(url: string, child: ChildProcess, output: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the baseline service behind ${url} exited:\n${output.join("").slice(-2000)}`);
    const ok = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}', signal: AbortSignal.timeout(1_000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms:\n${output.join("").slice(-2000)}`);
}

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
    await waitForGraphql(url(name), child, output);
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
