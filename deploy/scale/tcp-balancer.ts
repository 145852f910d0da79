// A TCP load balancer for the scale profile (deploy/compose.scale.yaml), doing for the gateway
// replicas what a Kubernetes Service does for pods: one port in front, a connection handed to
// one ready replica and kept there. Replicas are found by asking DNS for one name (compose gives
// every replica of a service that name) and are used once GET READY_PATH answers 200; a replica
// that refuses or does not answer a connection is taken out and the next one is tried, so a
// client's connection fails only when no replica is left.
import { lookup } from "node:dns/promises";
import { request } from "node:http";
import { connect, createServer, type Server, type Socket } from "node:net";
import type { BalancerConfig } from "./balancer-config.js";
import { BackendPool } from "./backend-pool.js";

export type Log = (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;

export interface Balancer {
  readonly port: number;
  readonly pool: BackendPool;
  /** stops accepting connections; resolves when the open ones have closed or drainMs passed */
  stop(drainMs: number): Promise<void>;
}

export interface BalancerOptions {
  config: Omit<BalancerConfig, "DRAIN_MS">;
  log: Log;
  /** the backends' addresses; DNS by default */
  resolve?: () => Promise<string[]>;
}

async function resolveAll(host: string): Promise<string[]> {
  try {
    const answers = await lookup(host, { all: true, family: 4 });
    return answers.map((a) => a.address).sort();
  } catch (error) {
    // No replica at all is an answer (compose removes a stopped container's name), not a failure.
    if ((error as NodeJS.ErrnoException).code === "ENOTFOUND") return [];
    throw error;
  }
}

function isReady(address: string, port: number, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: address, port, path, method: "GET", timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  const { config, log } = options;
  const resolveBackends = options.resolve ?? (() => resolveAll(config.BACKEND_HOST));
  const pool = new BackendPool();
  const sockets = new Set<Socket>();

  const refresh = async () => {
    let addresses: string[];
    try {
      addresses = await resolveBackends();
    } catch (error) {
      log("warn", "cannot resolve the backends; keeping the last answer", { host: config.BACKEND_HOST, code: (error as NodeJS.ErrnoException).code });
      return;
    }
    const change = pool.setAddresses(addresses);
    if (change.added.length > 0 || change.removed.length > 0) log("info", "backends changed", { ...change, backends: pool.addresses() });
  };
  const check = async () => {
    await Promise.all(
      pool.addresses().map(async (address) => {
        const ready = await isReady(address, config.BACKEND_PORT, config.READY_PATH, config.CONNECT_TIMEOUT_MS);
        if (pool.setReady(address, ready)) log(ready ? "info" : "warn", ready ? "backend ready" : "backend not ready", { backend: address });
      }),
    );
  };
  // A replica found is checked at once rather than at the next tick.
  const resolveAndCheck = () => refresh().then(check);

  const forward = (client: Socket, candidates: string[]) => {
    const address = candidates.shift();
    if (address === undefined) {
      log("warn", "no ready backend; connection closed", { remote: client.remoteAddress });
      client.destroy();
      return;
    }
    const upstream = connect({ host: address, port: config.BACKEND_PORT });
    const timer = setTimeout(() => upstream.destroy(Object.assign(new Error("connect timeout"), { code: "ETIMEDOUT" })), config.CONNECT_TIMEOUT_MS);
    const failBeforeConnect = (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (pool.setReady(address, false)) log("warn", "backend not ready", { backend: address, code: error.code });
      forward(client, candidates);
    };
    upstream.once("error", failBeforeConnect);
    upstream.once("connect", () => {
      clearTimeout(timer);
      upstream.off("error", failBeforeConnect);
      if (client.destroyed) {
        upstream.destroy();
        return;
      }
      pool.opened(address);
      sockets.add(upstream);
      upstream.once("close", () => {
        sockets.delete(upstream);
        pool.closed(address);
      });
      // A reset on one side is passed on as a reset, so the client sees what a direct
      // connection would have shown (the gateway's retry of a read depends on it).
      upstream.on("error", () => (client.destroyed ? undefined : client.resetAndDestroy()));
      client.on("error", () => (upstream.destroyed ? undefined : upstream.resetAndDestroy()));
      upstream.once("close", () => client.destroy());
      client.once("close", () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  };

  const server: Server = createServer({ pauseOnConnect: true, noDelay: true }, (client) => {
    sockets.add(client);
    client.once("close", () => sockets.delete(client));
    // Until it is forwarded, an error is only the client's going away.
    client.on("error", () => undefined);
    if (client.closed) return;
    forward(client, pool.candidates());
  });

  await resolveAndCheck();
  const resolveTimer = setInterval(() => void refresh().then(check), config.RESOLVE_INTERVAL_MS);
  const checkTimer = config.CHECK_INTERVAL_MS === config.RESOLVE_INTERVAL_MS ? null : setInterval(() => void check(), config.CHECK_INTERVAL_MS);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.LISTEN_PORT, config.LISTEN_HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === "object" && bound ? bound.port : config.LISTEN_PORT;
  log("info", "balancer listening", { port, backend: `${config.BACKEND_HOST}:${config.BACKEND_PORT}`, backends: pool.snapshot() });

  return {
    port,
    pool,
    stop: (drainMs) =>
      new Promise<void>((resolve) => {
        clearInterval(resolveTimer);
        if (checkTimer) clearInterval(checkTimer);
        const force = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, drainMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
