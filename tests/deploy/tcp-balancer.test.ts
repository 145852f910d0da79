// The scale profile's balancer over real sockets: backends are HTTP servers on 127.0.0.1 and
// 127.0.0.2 (one port, as replicas behind one DNS name have), each answering with its address.
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BackendPool } from "../../deploy/scale/backend-pool.js";
import { startBalancer, type Balancer } from "../../deploy/scale/tcp-balancer.js";
import { pollUntil, type Condition } from "../support/until.js";

const A = "127.0.0.1";
const B = "127.0.0.2";

interface Backend {
  server: Server;
  ready: boolean;
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function backend(address: string, port: number): Promise<Backend> {
  const state: Backend = {
    ready: true,
    server: createServer((request, response) => {
      if (request.url === "/readyz") response.writeHead(state.ready ? 200 : 503).end();
      else if (request.url === "/reset") request.socket.resetAndDestroy();
      else response.end(address);
    }),
    close: () =>
      new Promise((resolve) => {
        state.server.closeAllConnections();
        state.server.close(() => resolve());
      }),
  };
  state.server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    state.server.once("error", reject);
    state.server.listen(port, address, () => {
      state.server.off("error", reject);
      resolve();
    });
  });
  cleanups.push(() => (state.server.listening ? state.close() : Promise.resolve()));
  return state;
}

/** Backends on the given addresses sharing one port, as replicas behind one DNS name do: the
 *  system picks a free port on the first address and the others bind that port on theirs (all
 *  again on a new port should another process hold it on one of them). */
async function backends(...addresses: [string, ...string[]]): Promise<{ port: number; list: Backend[] }> {
  for (let attempt = 1; ; attempt += 1) {
    const first = await backend(addresses[0], 0);
    const port = (first.server.address() as AddressInfo).port;
    const list = [first];
    try {
      for (const address of addresses.slice(1)) list.push(await backend(address, port));
      return { port, list };
    } catch (error) {
      for (const taken of list) await taken.close();
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt === 5) throw error;
    }
  }
}

async function balancer(port: number, addresses: () => string[], intervals = 100): Promise<Balancer> {
  const started = await startBalancer({
    config: {
      LISTEN_HOST: "127.0.0.1",
      LISTEN_PORT: 0,
      BACKEND_HOST: "replicas",
      BACKEND_PORT: port,
      READY_PATH: "/readyz",
      RESOLVE_INTERVAL_MS: intervals,
      CHECK_INTERVAL_MS: intervals,
      CONNECT_TIMEOUT_MS: 500,
    },
    log: () => undefined,
    resolve: async () => addresses(),
  });
  cleanups.push(() => started.stop(0));
  return started;
}

/** One request on a connection of its own; resolves to the answering backend's address. */
function askOnce(port: number, path = "/"): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString()));
    socket.on("error", reject);
    socket.on("close", () => resolve(text.split("\r\n\r\n")[1] ?? ""));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  });
}

/** A connection left open after one answer (the balancer counts it as open). */
async function holdOpen(port: number): Promise<{ socket: Socket; backend: string }> {
  const socket = connect(port, "127.0.0.1");
  cleanups.push(async () => void socket.destroy());
  const backendAddress = await new Promise<string>((resolve, reject) => {
    socket.once("data", (chunk) => resolve(chunk.toString().split("\r\n\r\n")[1] ?? ""));
    socket.once("error", reject);
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  });
  return { socket, backend: backendAddress };
}

const eventually = (condition: Condition, what: string, timeoutMs = 3_000) => pollUntil(condition, what, timeoutMs, 20);

describe("tcp balancer", () => {
  it("gives each new connection to the ready backend with the fewest open connections", async () => {
    const { port } = await backends(A, B);
    const lb = await balancer(port, () => [A, B]);
    const held = [await holdOpen(lb.port), await holdOpen(lb.port), await holdOpen(lb.port), await holdOpen(lb.port)];
    expect(held.map((h) => h.backend).sort()).toEqual([A, A, B, B]);
  });

  it("uses a backend only after its readiness check answers 200", async () => {
    const { port, list: [, late] } = await backends(A, B);
    late!.ready = false;
    const lb = await balancer(port, () => [A, B]);
    const before = await Promise.all([askOnce(lb.port), askOnce(lb.port), askOnce(lb.port), askOnce(lb.port)]);
    expect(new Set(before)).toEqual(new Set([A]));
    late!.ready = true;
    await eventually(async () => (await askOnce(lb.port)) === B, "the late backend to take connections");
  });

  it("finds a replica that DNS starts to return, and stops using one it no longer returns", async () => {
    const { port } = await backends(A, B);
    let answer = [A];
    const lb = await balancer(port, () => answer);
    expect(await askOnce(lb.port)).toBe(A);
    answer = [A, B];
    await eventually(async () => (await askOnce(lb.port)) === B, "the new replica to take connections");
    answer = [B];
    await eventually(() => !lb.pool.addresses().includes(A), "the removed replica to leave the pool");
    const after = await Promise.all([askOnce(lb.port), askOnce(lb.port), askOnce(lb.port)]);
    expect(new Set(after)).toEqual(new Set([B]));
  });

  it("moves a connection that a backend refuses on to the next one instead of failing it", async () => {
    const { port, list: [, gone] } = await backends(A, B);
    // Checks far apart: B still counts as ready when it stops listening.
    const lb = await balancer(port, () => [A, B], 60_000);
    await gone!.close();
    const answers = await Promise.all([askOnce(lb.port), askOnce(lb.port), askOnce(lb.port), askOnce(lb.port)]);
    expect(answers).toEqual([A, A, A, A]);
    expect(lb.pool.snapshot().find((b) => b.address === B)?.ready).toBe(false);
  });

  it("closes a client's connection when no backend is ready", async () => {
    const { port, list: [only] } = await backends(A);
    only!.ready = false;
    const lb = await balancer(port, () => [A]);
    expect(await askOnce(lb.port)).toBe("");
  });

  it("passes a backend's reset on to the client as a reset", async () => {
    const { port } = await backends(A);
    const lb = await balancer(port, () => [A]);
    await expect(askOnce(lb.port, "/reset")).rejects.toMatchObject({ code: "ECONNRESET" });
  });
});

describe("backend pool", () => {
  it("starts a new address as not ready", () => {
    const pool = new BackendPool();
    pool.setAddresses(["10.0.0.1"]);
    expect(pool.candidates()).toEqual([]);
    pool.setReady("10.0.0.1", true);
    expect(pool.candidates()).toEqual(["10.0.0.1"]);
  });

  it("takes turns among backends with equally many connections", () => {
    const pool = new BackendPool();
    pool.setAddresses(["10.0.0.1", "10.0.0.2"]);
    pool.setReady("10.0.0.1", true);
    pool.setReady("10.0.0.2", true);
    const firsts = [pool.candidates()[0], pool.candidates()[0], pool.candidates()[0], pool.candidates()[0]];
    expect(firsts).toEqual(["10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.2"]);
  });

  it("offers the backend with the fewest open connections first", () => {
    const pool = new BackendPool();
    pool.setAddresses(["10.0.0.1", "10.0.0.2"]);
    pool.setReady("10.0.0.1", true);
    pool.setReady("10.0.0.2", true);
    pool.opened("10.0.0.1");
    expect(pool.candidates()).toEqual(["10.0.0.2", "10.0.0.1"]);
    expect(pool.candidates()).toEqual(["10.0.0.2", "10.0.0.1"]);
  });

  it("keeps counting the connections of an address that left DNS until they close", () => {
    const pool = new BackendPool();
    pool.setAddresses(["10.0.0.1"]);
    pool.setReady("10.0.0.1", true);
    pool.opened("10.0.0.1");
    pool.setAddresses([]);
    pool.setAddresses(["10.0.0.1"]);
    pool.setReady("10.0.0.1", true);
    pool.setAddresses(["10.0.0.1", "10.0.0.2"]);
    pool.setReady("10.0.0.2", true);
    expect(pool.candidates()[0]).toBe("10.0.0.2");
    pool.closed("10.0.0.1");
    expect(pool.snapshot().map((b) => b.open)).toEqual([0, 0]);
  });
});
