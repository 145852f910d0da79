// SIGTERM in production mode (NODE_ENV=production, where Apollo Server would install its own
// signal handlers), with a drain window longer than any test (60 s) that a second SIGTERM ends:
// readiness fails first; during the window connections are still accepted and served, every
// answer with `Connection: close`; then every request received is answered before the service
// exits 0 and logs "stopped".
//
// Requests are made to arrive while a service is stopped (SIGSTOP), then SIGTERM and SIGCONT are
// sent: the service wakes up with the requests and the signal waiting together — on connections
// it had open, and on new ones still queued in the kernel, which closing the listening socket
// would reset. Connections opened just before the gateway stops accepting, with their requests
// sent only after, are answered: none is reset.
import type { ChildProcess } from "node:child_process";
import { connect, type Socket } from "node:net";
import { Client, type Dispatcher, Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceName, Stack } from "../../scripts/stack.js";
import { startTestStack } from "../support/stack-fixture.js";
import { establishedOn, refused, waitingOn } from "../support/tcp-sockets.js";
import { pollUntil, type Condition } from "../support/until.js";

const IN_FLIGHT = 30;
/** connections the gateway holds open to a subgraph before it stops: the rest of the 30 requests come on new ones */
const OPEN_BEFORE = 10;
const RUNS = 3;

const until = (condition: Condition, what: string, timeoutMs = 10_000) => pollUntil(condition, what, timeoutMs, 10);

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

/** A raw client connection: what it received, whether it closed, the error it met (a reset). */
function rawConnection(port: number) {
  const socket: Socket = connect(port, "127.0.0.1");
  let received = "";
  let closed = false;
  let error: string | null = null;
  socket.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
  socket.on("close", () => (closed = true));
  socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
  return { socket, received: () => received, closed: () => closed, error: () => error };
}

describe("graceful shutdown in production mode", () => {
  let stack: Stack;
  let client: Pool;
  const port = (name: ServiceName) => Number(new URL(stack.urls[name]).port);
  const processOf = (name: ServiceName) => stack.services.get(name)?.process as ChildProcess;
  const outputOf = (name: ServiceName) => stack.services.get(name)?.output.join("") ?? "";

  /** Sends one GraphQL request through the gateway on `through`; resolves to its errors (none when served). */
  const send = async (query: string, variables: Record<string, unknown>, through: Pool | Client = client): Promise<string[]> => {
    try {
      const response = await through.request({
        path: "/graphql",
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${stack.keys.admin}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.body.json()) as { errors?: Array<{ message: string }> };
      return response.statusCode === 200 ? (body.errors ?? []).map((e) => e.message) : [`HTTP ${response.statusCode}`];
    } catch (error) {
      return [(error as Error).message];
    }
  };
  const analyze = (i: number, through?: Pool | Client) => send(`query ($t: String!) { analyzeReview(text: $t) { sentiment { label } } }`, { t: `A calm and lovely film, number ${i}` }, through);
  const submitText = (i: number) => `Written during shutdown, number ${i}`;
  const submit = (i: number, through?: Pool | Client) => send(`mutation ($t: String!) { submitReview(input: { text: $t }) { id } }`, { t: submitText(i) }, through);

  /** Stops `name`, has IN_FLIGHT requests arrive at it, sends SIGTERM and lets it run again; once
   *  they are answered, a second SIGTERM ends the drain window. Resolves to the requests' errors,
   *  the exit code and the log. */
  async function terminateWithRequestsWaiting(name: ServiceName, request: (i: number) => Promise<string[]>, first = 0) {
    const child = processOf(name);
    child.kill("SIGSTOP");
    const answers = Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => request(first + i)));
    await until(() => waitingOn(port(name)) >= IN_FLIGHT, `${IN_FLIGHT} requests waiting at ${name}`);
    child.kill("SIGTERM");
    child.kill("SIGCONT");
    const errors = await answers;
    child.kill("SIGTERM");
    const code = await exitOf(child);
    return { cut: errors.filter((e) => e.length > 0).length, errors: errors.flat(), code, output: outputOf(name) };
  }

  /** Has the gateway open `count` kept-alive connections to a subgraph: with the subgraph
   *  stopped, the gateway must open one per request. */
  async function openConnectionsTo(name: ServiceName, request: (i: number) => Promise<string[]>, count: number, first: number) {
    const child = processOf(name);
    child.kill("SIGSTOP");
    const answers = Promise.all(Array.from({ length: count }, (_, i) => request(first + i)));
    await until(() => waitingOn(port(name)) >= count, `${count} connections to ${name}`);
    child.kill("SIGCONT");
    expect((await answers).flat()).toEqual([]);
  }

  beforeAll(async () => {
    stack = await startTestStack({ NODE_ENV: "production", PERSISTED_OPERATIONS_ONLY: "false", LOG_LEVEL: "info", RATE_LIMIT_PER_CALLER: "1000000", RATE_LIMIT_PER_ADDRESS: "1000000", DRAIN_WINDOW_MS: "60000" });
    client = new Pool(new URL(stack.gatewayUrl).origin, { connections: IN_FLIGHT, pipelining: 1 });
  });
  afterAll(async () => {
    await client?.close();
    // SIGINT has no drain window: the suite ends without waiting 60 s.
    if (stack) await Promise.all((["gateway", "reviews", "ml"] as const).map((name) => stack.kill(name, "SIGINT")));
  });

  it(`reviews stopped behind the gateway cuts 0 of ${IN_FLIGHT} writes, on open and new connections, ${RUNS} runs in a row, and stores each once`, async () => {
    for (let run = 0; run < RUNS; run += 1) {
      const first = 1000 * (run + 1);
      await openConnectionsTo("reviews", (i) => submit(i), OPEN_BEFORE, first + 500);
      const { errors, code, output } = await terminateWithRequestsWaiting("reviews", (i) => submit(i), first);
      expect(errors).toEqual([]);
      expect(code).toBe(0);
      expect(output).toContain('"msg":"stopped"');
      await stack.start("reviews");
    }
    type Page = { edges: Array<{ node: { text: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
    const texts: string[] = [];
    let after: string | null = null;
    do {
      const response: Dispatcher.ResponseData = await client.request({
        path: "/graphql",
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${stack.keys.admin}` },
        body: JSON.stringify({ query: `query ($a: String) { reviews(first: 100, after: $a) { edges { node { text } } pageInfo { hasNextPage endCursor } } }`, variables: { a: after } }),
      });
      const page: Page = ((await response.body.json()) as { data: { reviews: Page } }).data.reviews;
      texts.push(...page.edges.map((e) => e.node.text));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after !== null);
    const sent = Array.from({ length: RUNS }, (_, run) => Array.from({ length: IN_FLIGHT }, (_, i) => submitText(1000 * (run + 1) + i))).flat();
    // Each write once: none lost, none sent twice.
    for (const text of sent) expect(texts.filter((t) => t === text)).toHaveLength(1);
  });

  it(`ml stopped behind the gateway cuts 0 of ${IN_FLIGHT} analyses, on open and new connections, ${RUNS} runs in a row`, async () => {
    for (let run = 0; run < RUNS; run += 1) {
      await openConnectionsTo("ml", (i) => analyze(i), OPEN_BEFORE, 5000 + run * 100);
      const { errors, code, output } = await terminateWithRequestsWaiting("ml", (i) => analyze(i), 6000 + run * 100);
      expect(errors).toEqual([]);
      expect(code).toBe(0);
      expect(output).toContain('"msg":"stopped"');
      await stack.start("ml");
    }
  });

  it("the gateway fails readiness first, serves new connections during the drain window with Connection: close, and tells kept-alive ones to close", async () => {
    const gateway = processOf("gateway");
    const kept = new Client(new URL(stack.gatewayUrl).origin);
    expect(await analyze(1, kept)).toEqual([]);
    expect(establishedOn(port("gateway"))).toBeGreaterThanOrEqual(1);
    gateway.kill("SIGTERM");
    // Each probe is a new connection: accepted and answered, with 503.
    await until(async () => (await fetch(`${stack.urls.gateway}/readyz`)).status === 503, "readiness to fail");
    expect(await (await fetch(`${stack.urls.gateway}/readyz`)).json()).toEqual({ status: "not ready", reason: "stopping" });
    const fresh = await fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${stack.keys.reader}` }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("connection")).toBe("close");
    const onKept = await kept.request({ path: "/graphql", method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${stack.keys.reader}` }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(onKept.statusCode).toBe(200);
    expect(onKept.headers.connection).toBe("close");
    await onKept.body.text();
    await kept.close();
    gateway.kill("SIGTERM");
    expect(await exitOf(gateway)).toBe(0);
    expect(outputOf("gateway")).toContain('"msg":"stopped"');
    await stack.start("gateway");
  });

  it("the gateway answers requests sent after it stopped accepting, on connections opened just before, and resets none", async () => {
    const gateway = processOf("gateway");
    const body = JSON.stringify({ query: "{ __typename }" });
    const request = `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nAuthorization: Bearer ${stack.keys.reader}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    gateway.kill("SIGTERM");
    await until(async () => (await fetch(`${stack.urls.gateway}/readyz`)).status === 503, "readiness to fail");
    // Opened during the drain window, each with nothing sent yet.
    const opened = Array.from({ length: 10 }, () => rawConnection(port("gateway")));
    await until(() => opened.every((c) => c.socket.readyState === "open"), "the connections");
    gateway.kill("SIGTERM");
    await until(async () => await refused(port("gateway")), "the gateway to stop accepting");
    for (const connection of opened) connection.socket.write(request);
    await until(() => opened.every((c) => c.closed()), "every connection to be answered and closed");
    expect(opened.map((c) => c.error())).toEqual(opened.map(() => null));
    for (const connection of opened) {
      expect(connection.received()).toMatch(/^HTTP\/1\.1 200 /);
      expect(connection.received().toLowerCase()).toContain("connection: close");
      expect(connection.received()).toContain('"__typename":"Query"');
    }
    expect(await exitOf(gateway)).toBe(0);
    expect(outputOf("gateway")).toContain('"msg":"stopped"');
    await stack.start("gateway");
  });

  it(`the gateway answers all ${IN_FLIGHT} requests that reached it while it stopped, on connections it had open and on new ones`, async () => {
    // Requests dispatched in one tick each need a connection of their own.
    expect((await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => analyze(2000 + i)))).flat()).toEqual([]);
    expect(establishedOn(port("gateway"))).toBeGreaterThanOrEqual(IN_FLIGHT);
    const fresh = new Pool(new URL(stack.gatewayUrl).origin, { connections: IN_FLIGHT, pipelining: 1 });
    try {
      // Half on the open connections, half on new ones that stay queued in the kernel.
      const { errors, code, output } = await terminateWithRequestsWaiting("gateway", (i) => analyze(i, i % 2 === 0 ? client : fresh), 3000);
      expect(errors).toEqual([]);
      expect(code).toBe(0);
      expect(output).toContain('"msg":"stopped"');
    } finally {
      await fresh.close();
    }
  });
});
