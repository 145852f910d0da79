// Runs the three services as separate processes with the same environment contract as the
// compose file. Used by `npm start`, the integration tests and the benchmark.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createKey } from "@sentiment/gateway/api-keys";
import { isListeningReport, type ListeningReport, type Role, ROLES } from "@sentiment/platform";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export type ServiceName = "reviews" | "ml" | "gateway";

const ENTRY: Record<ServiceName, string> = {
  reviews: "subgraphs/reviews/src/main.ts",
  ml: "subgraphs/ml/src/main.ts",
  gateway: "gateway/src/main.ts",
};

/**
 * How a service is started: its TypeScript source through tsx, or with STACK_BUNDLES=1 the
 * production bundle that the image runs (`npm run build` first), which spends about 15 % less
 * CPU per request than the same code through tsx.
 */
function programOf(name: ServiceName): string[] {
  if (process.env.STACK_BUNDLES !== "1") return ["--import", "tsx", join(ROOT, ENTRY[name])];
  const bundle = join(ROOT, "dist", `${name}.js`);
  if (!existsSync(bundle)) throw new Error(`STACK_BUNDLES=1 runs ${bundle}, which does not exist: run npm run build first`);
  return [bundle];
}

/**
 * A subgraph never sees the gateway's secrets. It has no development behaviour of its own, so
 * unless NODE_ENV is set it runs as in the image (production): graphql-js's development-mode
 * type checks alone cost the subgraphs 13-16 % of their CPU per request in (d).
 */
function subgraphOnlyEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return { REVIEWS_SECRET: undefined, ML_SECRET: undefined, NODE_ENV: env.NODE_ENV ?? "production" };
}

export interface StackOptions {
  /** 0 lets the system choose a free port (what the tests do): each service reports the port it
   *  got, and keeps it when started again. `metrics` is the gateway's metrics port; unset, it is
   *  the gateway's port + 1000 (0 when that is 0), so stacks on different ports never share one */
  ports?: { gateway: number; reviews: number; ml: number; metrics?: number; reviewsMetrics?: number; mlMetrics?: number };
  /** extra environment for every service */
  env?: Record<string, string | undefined>;
  /** where service output goes: inherited, or collected in memory */
  output?: "inherit" | "collect";
  readyTimeoutMs?: number;
  /** create a throw-away API key file with one key per role (for tests and benchmarks) */
  throwAwayKeys?: boolean;
}

export interface RunningService {
  name: ServiceName;
  process: ChildProcess;
  output: string[];
}

export interface Stack {
  gatewayUrl: string;
  urls: Record<ServiceName, string>;
  /** the gateway's Prometheus endpoint (on its own port) */
  metricsUrl: string;
  /** each service's Prometheus endpoint, on a port of its own (never the GraphQL one) */
  metricsUrls: Record<ServiceName, string>;
  services: Map<ServiceName, RunningService>;
  start(name: ServiceName): Promise<void>;
  kill(name: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
  /** milliseconds from spawn to all services ready */
  coldStartMs: number;
  /** one key per role when `throwAwayKeys` was asked for, and the file that holds them */
  keys: Record<Role, string>;
  keysPath: string | undefined;
  /** the environment every service was started with (before per-service secrets) */
  env: Record<string, string | undefined>;
}

/** Fresh gateway↔subgraph secrets; a process-local stack needs nothing more durable. */
export function generateSubgraphSecrets(): { reviews: string; ml: string } {
  return { reviews: randomBytes(36).toString("base64url"), ml: randomBytes(36).toString("base64url") };
}

/** Polls `url` until it answers 2xx; `probe` is the request to send (a GET by default). */
export async function waitForReady(url: string, timeoutMs: number, isAlive: () => boolean = () => true, probe: RequestInit = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the service behind ${url} exited before it was ready`);
    try {
      const response = await fetch(url, { ...probe, signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last})`);
}

/** The ports a service reports once it listens (see platform/src/listening.ts); a service that
 *  exits first, or says nothing within the timeout, is an error naming it. */
export function listeningReport(child: ChildProcess, name: string, timeoutMs: number): Promise<ListeningReport> {
  return new Promise((resolveReport, reject) => {
    const timer = setTimeout(() => settle(new Error(`${name} did not report the port it listens on within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: unknown) => {
      if (isListeningReport(message)) settle(message.listening);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => settle(new Error(`${name} exited (${signal ?? `status ${code}`}) before it listened`));
    const settle = (outcome: ListeningReport | Error) => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (outcome instanceof Error) reject(outcome);
      else resolveReport(outcome);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const requested = options.ports ?? { gateway: 4000, reviews: 4001, ml: 4002 };
  // Updated from each service's report, so that a service started again binds the port it had.
  // The subgraphs' metrics ports follow the same rule as the gateway's.
  const beside = (port: number) => (port === 0 ? 0 : port + 1000);
  const ports = { ...requested, metrics: requested.metrics ?? beside(requested.gateway) };
  const metricsPorts: Record<ServiceName, number> = { gateway: ports.metrics, reviews: requested.reviewsMetrics ?? beside(requested.reviews), ml: requested.mlMetrics ?? beside(requested.ml) };
  const urls = {} as Record<ServiceName, string>;
  const metricsUrls = {} as Record<ServiceName, string>;
  const setUrls = () => {
    for (const name of ["reviews", "ml", "gateway"] as const) {
      urls[name] = `http://127.0.0.1:${ports[name]}`;
      metricsUrls[name] = `http://127.0.0.1:${metricsPorts[name]}/metrics`;
    }
  };
  setUrls();
  const keys = {} as Record<Role, string>;
  const keyEnv: Record<string, string> = {};
  if (options.throwAwayKeys) {
    const path = join(mkdtempSync(join(tmpdir(), "keys-")), "api-keys.json");
    for (const role of ROLES) keys[role] = createKey(path, `test-${role}`, role).key;
    keyEnv.API_KEYS_PATH = path;
  }
  const secrets = generateSubgraphSecrets();
  const env: Record<string, string | undefined> = {
    ...process.env,
    REVIEWS_SECRET: process.env.REVIEWS_SECRET ?? secrets.reviews,
    ML_SECRET: process.env.ML_SECRET ?? secrets.ml,
    ...keyEnv,
    ...options.env,
  };
  // What the services were given; the gateway is started after the subgraphs have reported theirs.
  const portsToEnv = () => {
    Object.assign(env, {
      REVIEWS_PORT: String(ports.reviews),
      ML_PORT: String(ports.ml),
      GATEWAY_PORT: String(ports.gateway),
      METRICS_PORT: String(metricsPorts.gateway),
      REVIEWS_METRICS_PORT: String(metricsPorts.reviews),
      ML_METRICS_PORT: String(metricsPorts.ml),
    });
    if (options.env?.REVIEWS_URL === undefined) env.REVIEWS_URL = `${urls.reviews}/graphql`;
    if (options.env?.ML_URL === undefined) env.ML_URL = `${urls.ml}/graphql`;
  };
  portsToEnv();
  // With candidate models (MODEL_DIR), ML reads the rollout state from reviews, signed with reviews'
  // secret: `MODEL_DIR=… npm start` needs nothing more. Only with reviews on a fixed port, which ML
  // (started first) must know.
  const rolloutEnv = (): Record<string, string | undefined> =>
    env.MODEL_DIR && env.ROLLOUT_URL === undefined && ports.reviews !== 0 ? { ROLLOUT_URL: `${urls.reviews}/graphql`, ROLLOUT_SECRET: env.REVIEWS_SECRET } : {};
  const services = new Map<ServiceName, RunningService>();
  const readyTimeout = options.readyTimeoutMs ?? 30_000;

  const launch = (name: ServiceName): RunningService => {
    // Each subgraph knows its own secret, reviews ML's as well; the gateway knows both.
    const ownSecret = name === "reviews" ? env.REVIEWS_SECRET : name === "ml" ? env.ML_SECRET : undefined;
    const child = spawn(process.execPath, [...(process.env.STACK_NODE_FLAGS?.split(" ").filter(Boolean) ?? []), ...programOf(name)], {
      cwd: ROOT,
      // Reviews also calls the ML subgraph (to score a text feedback is given on), signed with ML's secret.
      env: { ...env, ...(ownSecret ? { SUBGRAPH_SECRET: ownSecret } : {}), ...(name === "gateway" ? {} : subgraphOnlyEnv(env)), ...(name === "reviews" ? { ML_SECRET: env.ML_SECRET } : {}), ...(name === "ml" ? rolloutEnv() : {}) },
      // The IPC channel carries the service's report of the ports it listens on.
      stdio: options.output === "inherit" ? ["ignore", "inherit", "inherit", "ipc"] : ["ignore", "pipe", "pipe", "ipc"],
    });
    const service: RunningService = { name, process: child, output: [] };
    const keep = (chunk: Buffer) => {
      service.output.push(chunk.toString("utf8"));
      if (service.output.length > 2000) service.output.splice(0, 1000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    services.set(name, service);
    return service;
  };
  const alive = (name: ServiceName) => {
    const child = services.get(name)?.process;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  };
  const ready = (name: ServiceName) => waitForReady(`${urls[name]}/readyz`, readyTimeout, () => alive(name));
  /** Starts a service and waits until it is listening and, unless told not to, ready. */
  const startService = async (name: ServiceName, waitUntilReady = true) => {
    const { process: child } = launch(name);
    const report = await listeningReport(child, name, readyTimeout);
    ports[name] = report.port;
    if (report.metricsPort !== undefined) metricsPorts[name] = report.metricsPort;
    setUrls();
    portsToEnv();
    if (waitUntilReady) await ready(name);
  };
  const start = (name: ServiceName) => startService(name);
  const kill = async (name: ServiceName, signal: NodeJS.Signals = "SIGTERM") => {
    const child = services.get(name)?.process;
    if (!child || !alive(name)) return;
    await new Promise<void>((resolveExit) => {
      child.once("exit", () => resolveExit());
      child.kill(signal);
    });
  };
  const stop = async () => {
    await Promise.all((["gateway", "reviews", "ml"] as const).map((n) => kill(n)));
  };

  const started = Date.now();
  try {
    // ML first: reviews is given ML's URL (it scores the texts feedback is given on), which with
    // port 0 is known only once ML has reported its port.
    // An ML that reads the rollout state from reviews is not ready before its first read: it is
    // waited for once reviews is up.
    const mlReadsReviews = (env.ROLLOUT_URL ?? rolloutEnv().ROLLOUT_URL) !== undefined;
    await startService("ml", !mlReadsReviews);
    await start("reviews");
    if (mlReadsReviews) await ready("ml");
    await start("gateway");
  } catch (error) {
    const logs = [...services.values()].map((s) => `--- ${s.name}\n${s.output.join("").slice(-3000)}`).join("\n");
    await stop();
    throw new Error(`${(error as Error).message}\n${logs}`);
  }
  return { gatewayUrl: `${urls.gateway}/graphql`, urls, metricsUrl: metricsUrls.gateway, metricsUrls, services, start, kill, stop, coldStartMs: Date.now() - started, keys, keysPath: env.API_KEYS_PATH, env };
}
