// SIGTERM in production mode (NODE_ENV=production, where Apollo Server would install its own
// signal handlers): every request a service has received is answered before it exits 0 and logs
// "stopped". The requests are made to arrive on kept-alive connections while the service is
// stopped (SIGSTOP), then SIGTERM and SIGCONT are sent: the service wakes up with the requests
// and the signal waiting together, the case where closing "idle" connections cut requests.
import type { ChildProcess } from "node:child_process";
import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceName, Stack } from "../../scripts/stack.js";
import { startTestStack } from "../support/stack-fixture.js";
import { establishedOn, waitingOn } from "../support/tcp-sockets.js";
import { pollUntil, type Condition } from "../support/until.js";

const IN_FLIGHT = 30;

const until = (condition: Condition, what: string, timeoutMs = 5_000) => pollUntil(condition, what, timeoutMs, 10);

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

describe("graceful shutdown in production mode", () => {
  let stack: Stack;
  let client: Pool;
  const port = (name: ServiceName) => Number(new URL(stack.urls[name]).port);

  /** Sends one GraphQL request through the gateway; resolves to its errors (none when served). */
  const send = async (query: string, variables: Record<string, unknown>): Promise<string[]> => {
    try {
      const response = await client.request({
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
  const analyze = (i: number) => send(`query ($t: String!) { analyzeReview(text: $t) { sentiment { label } } }`, { t: `A calm and lovely film, number ${i}` });
  const submit = (i: number) => send(`mutation ($t: String!) { submitReview(input: { text: $t }) { id } }`, { t: `Written during shutdown, number ${i}` });

  /** Stops `name`, has IN_FLIGHT requests arrive at it on open connections, sends SIGTERM and lets
   *  it run again; resolves to the requests' errors and the exit code. */
  async function terminateWithRequestsWaiting(name: ServiceName, request: (i: number) => Promise<string[]>) {
    const child = stack.services.get(name)?.process as ChildProcess;
    const open = establishedOn(port(name));
    child.kill("SIGSTOP");
    const answers = Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => request(i)));
    await until(() => waitingOn(port(name)) >= IN_FLIGHT, `${IN_FLIGHT} requests waiting at ${name}`);
    // They came on connections that were already open, not on new ones.
    expect(establishedOn(port(name))).toBe(open);
    child.kill("SIGTERM");
    child.kill("SIGCONT");
    const [errors, code] = await Promise.all([answers, exitOf(child)]);
    return { cut: errors.filter((e) => e.length > 0).length, errors: errors.flat(), code, output: stack.services.get(name)?.output.join("") ?? "" };
  }

  /** Opens IN_FLIGHT kept-alive connections from the gateway to a subgraph: with the subgraph
   *  stopped, the gateway must open one per request. */
  async function openConnectionsTo(name: ServiceName, request: (i: number) => Promise<string[]>) {
    const child = stack.services.get(name)?.process as ChildProcess;
    child.kill("SIGSTOP");
    const answers = Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => request(1000 + i)));
    await until(() => waitingOn(port(name)) >= IN_FLIGHT, `${IN_FLIGHT} connections to ${name}`);
    child.kill("SIGCONT");
    expect((await answers).flat()).toEqual([]);
  }

  beforeAll(async () => {
    stack = await startTestStack({ NODE_ENV: "production", PERSISTED_OPERATIONS_ONLY: "false", LOG_LEVEL: "info", RATE_LIMIT_PER_CALLER: "1000000", RATE_LIMIT_PER_ADDRESS: "1000000" });
    client = new Pool(new URL(stack.gatewayUrl).origin, { connections: IN_FLIGHT, pipelining: 1 });
  });
  afterAll(async () => {
    await client?.close();
    await stack?.stop();
  });

  it(`reviews answers all ${IN_FLIGHT} writes it has received, logs "stopped" and exits 0`, async () => {
    await openConnectionsTo("reviews", submit);
    const { cut, errors, code, output } = await terminateWithRequestsWaiting("reviews", submit);
    expect(errors).toEqual([]);
    expect(cut).toBe(0);
    expect(code).toBe(0);
    expect(output).toContain('"msg":"stopped"');
    await stack.start("reviews");
    const page = await send(`{ reviews(first: 100) { edges { node { text } } } }`, {});
    expect(page).toEqual([]);
  });

  it(`ml answers all ${IN_FLIGHT} analyses it has received, logs "stopped" and exits 0`, async () => {
    await openConnectionsTo("ml", analyze);
    const { errors, code, output } = await terminateWithRequestsWaiting("ml", analyze);
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    expect(output).toContain('"msg":"stopped"');
    await stack.start("ml");
  });

  it(`the gateway answers all ${IN_FLIGHT} requests it has received, logs "stopped" and exits 0`, async () => {
    // Requests dispatched in one tick each need a connection of their own.
    expect((await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => analyze(2000 + i)))).flat()).toEqual([]);
    expect(establishedOn(port("gateway"))).toBeGreaterThanOrEqual(IN_FLIGHT);
    const { errors, code, output } = await terminateWithRequestsWaiting("gateway", analyze);
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  });
});
