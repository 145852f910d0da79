// A write happens once, whatever repeats it: a signed mutation captured between the gateway and
// reviews and replayed after a restart of reviews, or to another replica on the same database, and
// a client's retry (same idempotencyKey) after reviews was killed between its commit and its
// answer, all get the first review and store nothing more; the same keyed write raced to both
// replicas at once is stored once. On SQLite and on PostgreSQL.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REQUEST_ID_HEADER, signForSubgraph } from "@sentiment/platform";
import { listeningReport, ROOT, waitForReady, type Stack } from "../../scripts/stack.js";
import { metricValue } from "../../scripts/prometheus-text.js";
import { graphql } from "../support/graphql-client.js";
import { freshSchemaUrl } from "../support/postgres.js";
import { startTestStack } from "../support/stack-fixture.js";

interface Captured {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Stands between the gateway and reviews: forwards each request and keeps a copy of each
 * mutation. When `loseNextAnswer` is set, the next mutation is forwarded, and once reviews has
 * answered (its write committed) reviews is killed with SIGKILL and the answer never reaches the
 * gateway: a write committed but not acknowledged.
 */
class SubgraphTap {
  readonly captured: Captured[] = [];
  loseNextAnswer: (() => Promise<void>) | null = null;
  lostAnswer: string | null = null;
  private server: Server | undefined;

  constructor(private readonly target: () => string | undefined) {}

  async listen(): Promise<number> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (c: Buffer) => chunks.push(c));
      request.on("end", async () => {
        const origin = this.target();
        if (!origin) {
          response.writeHead(503).end();
          return;
        }
        const body = Buffer.concat(chunks).toString("utf8");
        const isMutation = request.url?.startsWith("/graphql") && /"query":"\s*mutation/.test(body);
        if (isMutation) this.captured.push({ url: request.url ?? "", headers: request.headers, body });
        const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => !["host", "connection", "content-length"].includes(k))) as Record<string, string>;
        try {
          const answer = await fetch(`${origin}${request.url}`, { method: request.method, headers, body: request.method === "POST" ? body : undefined });
          const text = await answer.text();
          const lose = isMutation ? this.loseNextAnswer : null;
          if (lose) {
            this.loseNextAnswer = null;
            this.lostAnswer = text;
            await lose();
            response.socket?.destroy();
            return;
          }
          response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
          response.end(text);
        } catch {
          response.socket?.destroy();
        }
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return (this.server?.address() as AddressInfo).port;
  }

  close(): void {
    this.server?.closeAllConnections();
    this.server?.close();
  }
}

/** Sends a captured request again, as it was, to a reviews process. */
async function replay(captured: Captured, origin: string): Promise<{ status: number; body: { data?: Record<string, any> | null; errors?: unknown[] } }> {
  const response = await fetch(`${origin}${captured.url}`, {
    method: "POST",
    headers: { ...(captured.headers as Record<string, string>), host: new URL(origin).host, "content-length": String(Buffer.byteLength(captured.body)) },
    body: captured.body,
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, any> | null } };
}

/** A second reviews process on the stack's database, with the stack's secret: another replica. */
async function startReplica(stack: Stack): Promise<{ origin: string; process: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "subgraphs/reviews/src/main.ts")], {
    cwd: ROOT,
    env: { ...stack.env, SUBGRAPH_SECRET: stack.env.REVIEWS_SECRET, REVIEWS_SECRET: undefined, REVIEWS_PORT: "0", REVIEWS_METRICS_PORT: "0", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const { port } = await listeningReport(child, "the second reviews replica", 30_000);
  const origin = `http://127.0.0.1:${port}`;
  await waitForReady(`${origin}/readyz`, 30_000, () => child.exitCode === null);
  return { origin, process: child };
}

const SUBMIT = `mutation ($t: String!, $k: String) { submitReview(input: { text: $t, idempotencyKey: $k }) { id text createdAt } }`;
const ALL = `{ reviews(first: 100) { edges { node { id text } } } }`;

const stores: Array<[string, () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>]> = [
  ["SQLite", async () => ({ env: {}, cleanup: async () => undefined })],
  ["PostgreSQL", async () => {
    const { url, drop } = await freshSchemaUrl("write_once");
    return { env: { DATABASE_URL: url }, cleanup: drop };
  }],
];

describe.each(stores)("writes happen once, stored in %s", (_name, makeStore) => {
  let stack: Stack;
  let tap: SubgraphTap;
  let cleanup: () => Promise<void>;
  const replicas: ChildProcess[] = [];
  const writer = () => ({ authorization: `Bearer ${stack.keys.writer}` });
  const submit = (text: string, key?: string) => graphql(stack.gatewayUrl, SUBMIT, { t: text, k: key }, writer());
  const stored = async (text: string) => {
    const { body } = await graphql(stack.gatewayUrl, ALL, {}, writer());
    return (body.data?.reviews.edges as Array<{ node: { id: string; text: string } }>).filter((e) => e.node.text === text).map((e) => e.node.id);
  };
  const lastMutation = () => {
    const captured = tap.captured.at(-1);
    if (!captured) throw new Error("no mutation went through the tap");
    return captured;
  };

  beforeAll(async () => {
    const store = await makeStore();
    cleanup = store.cleanup;
    tap = new SubgraphTap(() => stack?.urls.reviews);
    const port = await tap.listen();
    stack = await startTestStack({ ...store.env, REVIEWS_URL: `http://127.0.0.1:${port}/graphql` });
  });
  afterAll(async () => {
    for (const replica of replicas) replica.kill("SIGKILL");
    await stack?.stop();
    tap?.close();
    await cleanup?.();
  });

  it("a captured signed mutation replayed after a restart of reviews answers the first review and stores no second", async () => {
    const text = "Replayed after a restart, stored once";
    const first = await submit(text);
    const review = first.body.data?.submitReview as { id: string };
    expect(review.id).toBeTruthy();
    const captured = lastMutation();

    await stack.kill("reviews", "SIGKILL");
    await stack.start("reviews");
    const again = await replay(captured, stack.urls.reviews);
    // Within the signature's 10 s; refused (401) only if the restart took longer, which stores nothing either.
    expect(again.status).toBe(200);
    expect(again.body.data?.submitReview).toEqual(first.body.data?.submitReview);
    expect(await stored(text)).toEqual([review.id]);
    // The restarted process counted it as a repeat, not a write.
    const metrics = await (await fetch(stack.metricsUrls.reviews)).text();
    expect(metricValue(metrics, "review_writes_total", { operation: "submitReview", outcome: "repeated" })).toBe(1);
    expect(metricValue(metrics, "review_writes_total", { operation: "submitReview", outcome: "written" })).toBeUndefined();
  });

  it("a captured signed mutation replayed to another replica on the same database answers the first review and stores no second", async () => {
    const replica = await startReplica(stack);
    replicas.push(replica.process);
    const text = "Replayed to the other replica, stored once";
    const first = await submit(text);
    const captured = lastMutation();
    const again = await replay(captured, replica.origin);
    expect(again.status).toBe(200);
    expect(again.body.data?.submitReview).toEqual(first.body.data?.submitReview);
    // And to the first replica, which remembers the signature itself.
    expect((await replay(captured, stack.urls.reviews)).status).toBe(401);
    expect(await stored(text)).toEqual([(first.body.data?.submitReview as { id: string }).id]);
  });

  it("the same keyed write sent at once to both replicas, each copy freshly signed, is stored once", async () => {
    const replica = await startReplica(stack);
    replicas.push(replica.process);
    const text = "Raced across two replicas, stored once";
    const body = JSON.stringify({ query: SUBMIT, variables: { t: text, k: `race-${crypto.randomUUID()}` } });
    // What the gateway sends for a writer's retry: the same body under a new signature each time.
    const send = (origin: string, i: number) => {
      const requestId = `race-${i}`;
      const signed = signForSubgraph(stack.env.REVIEWS_SECRET as string, { subject: "key:race", role: "writer" }, { method: "POST", path: "/graphql", body, requestId });
      return fetch(`${origin}/graphql`, { method: "POST", headers: { "content-type": "application/json", [REQUEST_ID_HEADER]: requestId, ...signed }, body }).then(
        async (r) => ((await r.json()) as { data?: { submitReview?: { id: string } } }).data?.submitReview?.id,
      );
    };
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => send(i % 2 === 0 ? stack.urls.reviews : replica.origin, i)));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBeTruthy();
    expect(await stored(text)).toEqual([ids[0]]);
  });

  it("a client's retry with its idempotencyKey after reviews was killed between commit and answer gets the committed review", async () => {
    const text = "Committed, never acknowledged, retried";
    const key = `retry-${crypto.randomUUID()}`;
    tap.loseNextAnswer = () => stack.kill("reviews", "SIGKILL");
    const lost = await submit(text, key);
    expect(lost.body.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    const committed = JSON.parse(tap.lostAnswer ?? "{}") as { data?: { submitReview?: { id: string } } };
    expect(committed.data?.submitReview?.id).toBeTruthy();

    await stack.start("reviews");
    const retried = await submit(text, key);
    expect(retried.body.errors).toBeUndefined();
    expect(retried.body.data?.submitReview).toEqual(committed.data?.submitReview);
    expect(await stored(text)).toEqual([committed.data?.submitReview?.id]);
  });

  it("the same idempotencyKey with another text is IDEMPOTENCY_KEY_REUSED, and a malformed key BAD_USER_INPUT; nothing is stored", async () => {
    const key = `reuse-${crypto.randomUUID()}`;
    await submit("The first text under this key", key);
    const reused = await submit("Another text under the same key", key);
    expect(reused.body.errors?.[0]?.extensions).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", field: "input.idempotencyKey" });
    const malformed = await submit("A text with a bad key", "short");
    expect(malformed.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.idempotencyKey" });
    expect(await stored("Another text under the same key")).toEqual([]);
    expect(await stored("A text with a bad key")).toEqual([]);
  });

  it("keys belong to their caller: the same key from another caller is another write", async () => {
    const key = `shared-${crypto.randomUUID()}`;
    const mine = await submit("Same key, two callers", key);
    const theirs = await graphql(stack.gatewayUrl, SUBMIT, { t: "Same key, two callers", k: key }, { authorization: `Bearer ${stack.keys.admin}` });
    expect(theirs.body.data?.submitReview.id).not.toBe(mine.body.data?.submitReview.id);
    expect(await stored("Same key, two callers")).toHaveLength(2);
  });

  it("two writes in one document, without keys, are two writes", async () => {
    const { body } = await graphql(stack.gatewayUrl, `mutation { a: submitReview(input: { text: "One of a pair" }) { id } b: submitReview(input: { text: "One of a pair" }) { id } }`, {}, writer());
    expect(body.data?.a.id).not.toBe(body.data?.b.id);
    expect(await stored("One of a pair")).toHaveLength(2);
  });

  it("a delete retried with its key answers true again", async () => {
    const admin = { authorization: `Bearer ${stack.keys.admin}` };
    const id = (await submit("Deleted, and asked again")).body.data?.submitReview.id as string;
    const key = `delete-${crypto.randomUUID()}`;
    const DELETE = `mutation ($id: ID!, $k: String) { deleteReview(id: $id, idempotencyKey: $k) }`;
    expect((await graphql(stack.gatewayUrl, DELETE, { id, k: key }, admin)).body.data?.deleteReview).toBe(true);
    expect((await graphql(stack.gatewayUrl, DELETE, { id, k: key }, admin)).body.data?.deleteReview).toBe(true);
    expect((await graphql(stack.gatewayUrl, DELETE, { id }, admin)).body.data?.deleteReview).toBe(false);
  });
});
