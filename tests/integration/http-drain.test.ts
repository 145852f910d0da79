// The drain of an HTTP server with real sockets: during the window new connections are served
// with Connection: close and kept-alive ones carry one more answer; a request that has reached a
// kept-alive connection when the server stops accepting is served, even though the server has
// not read it yet; a connection accepted before the server stopped accepting is answered even
// when its request comes after.
import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type ConnectionDrain, trackConnections } from "@sentiment/platform";
import { refused } from "../support/tcp-sockets.js";
import { pollUntil, type Condition } from "../support/until.js";

const REQUEST = "GET /slow HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n\r\n";

/** Collects what a raw client socket receives; `responses` counts complete answers. */
function rawClient(port: number) {
  const socket: Socket = connect(port, "127.0.0.1");
  let received = "";
  let closed = false;
  let reset = false;
  socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
  socket.on("close", () => (closed = true));
  socket.on("error", (error: NodeJS.ErrnoException) => (reset ||= error.code === "ECONNRESET"));
  return {
    socket,
    received: () => received,
    responses: () => received.split("answered").length - 1,
    closed: () => closed,
    reset: () => reset,
  };
}

const until = (condition: Condition, what: string, timeoutMs = 5_000) => pollUntil(condition, what, timeoutMs, 5);

describe("draining an HTTP server", () => {
  let server: Server;
  let drain: ConnectionDrain;
  let port: number;
  /** answers the test holds back until it releases them */
  let held: Array<() => void>;

  const start = async (answer: "at once" | "when released") => {
    held = [];
    server = createServer((_request, response) => {
      const respond = () => {
        response.writeHead(200, { "content-type": "text/plain", "content-length": "8" });
        response.end("answered");
      };
      if (answer === "at once") respond();
      else held.push(respond);
    });
    drain = trackConnections(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
  };
  afterEach(() => {
    drain?.closeAll();
  });

  it("serves a request that reached an idle kept-alive connection just before the drain began", async () => {
    await start("at once");
    const client = rawClient(port);
    let drained: Promise<void> | undefined;
    // From inside the poll phase that delivers the first answer: the second request goes into the
    // server's socket buffer and the drain begins before the server has read it.
    client.socket.on("data", () => {
      if (drained || client.responses() !== 1) return;
      client.socket.write(REQUEST);
      drained = drain.drain();
    });
    client.socket.write(REQUEST);
    await until(() => client.responses() === 2, "the second answer");
    expect(client.received().split("HTTP/1.1 200").length - 1).toBe(2);
    expect(client.received().toLowerCase()).toContain("connection: close");
    await drained;
    await until(() => client.closed(), "the connection to close");
  });

  it("answers a request in progress with Connection: close, then closes its connection", async () => {
    await start("when released");
    const client = rawClient(port);
    client.socket.write(REQUEST);
    await until(() => held.length === 1, "the request to reach the handler");
    expect(drain.inFlight()).toBe(1);
    const drained = drain.drain();
    // The answer is written only now, after the drain has begun.
    for (const respond of held) respond();
    await drained;
    await until(() => client.responses() === 1, "the answer");
    expect(client.received().toLowerCase()).toContain("connection: close");
    await until(() => client.closed(), "the connection to close");
  });

  it("during the window, accepts new connections and serves each with Connection: close, then closes it", async () => {
    await start("at once");
    drain.beginDrain();
    expect(drain.draining()).toBe(true);
    for (let i = 0; i < 3; i += 1) {
      const late = rawClient(port);
      late.socket.write(REQUEST);
      await until(() => late.responses() === 1, "the answer on a new connection");
      expect(late.received().toLowerCase()).toContain("connection: close");
      await until(() => late.closed(), "the new connection to close after its answer");
    }
  });

  it("during the window, leaves a kept-alive connection open until it carries an answer, which says Connection: close", async () => {
    await start("at once");
    const kept = rawClient(port);
    kept.socket.write(REQUEST);
    await until(() => kept.responses() === 1, "the first answer");
    expect(kept.received().toLowerCase()).toContain("connection: keep-alive");
    drain.beginDrain();
    // Still open: closing it now could cross a request the client is sending.
    await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
    expect(kept.closed()).toBe(false);
    kept.socket.write(REQUEST);
    await until(() => kept.responses() === 2, "the second answer");
    expect(kept.received().split("answered")[1]?.toLowerCase()).toContain("connection: close");
    await until(() => kept.closed(), "the connection to close after that answer");
  });

  it("answers requests sent only after the server stopped accepting, on connections it had accepted, then closes them", async () => {
    await start("at once");
    const opened = Array.from({ length: 5 }, () => rawClient(port));
    await until(() => opened.every((c) => c.socket.readyState === "open"), "the connections");
    // A grace far longer than the test: the requests come late, but not that late.
    const drained = drain.drain(60_000);
    await until(async () => (await refused(port)) === true, "new connections to be refused");
    for (const client of opened) client.socket.write(REQUEST);
    await until(() => opened.every((c) => c.responses() === 1), "an answer on every connection");
    for (const client of opened) expect(client.received().toLowerCase()).toContain("connection: close");
    await until(() => opened.every((c) => c.closed()), "the connections to close after their answers");
    expect(opened.filter((c) => c.reset())).toEqual([]);
    await drained;
  });

  it("closes a connection that sends no request once its grace ends, and refuses new ones", async () => {
    await start("at once");
    const idle = rawClient(port);
    await until(() => idle.socket.readyState === "open", "the connection");
    await drain.drain(0);
    await until(() => idle.closed(), "the idle connection to close");
    expect(idle.reset()).toBe(false);
    expect(await refused(port)).toBe(true);
  });

  it("closes a kept-alive connection that is idle without waiting for a grace", async () => {
    await start("at once");
    const kept = rawClient(port);
    kept.socket.write(REQUEST);
    await until(() => kept.responses() === 1, "the first answer");
    // Resolves once the server has closed every connection: the grace is not waited for.
    await drain.drain(60_000);
    await until(() => kept.closed(), "the kept-alive connection to close");
  });
});
