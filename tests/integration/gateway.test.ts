import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../../scripts/stack.js";
import { graphql } from "../support/graphql-client.js";
import { freshSchemaUrl } from "../support/postgres.js";
import { startTestStack } from "../support/stack-fixture.js";

const SUBMIT = `mutation ($text: String!) { submitReview(input: { text: $text }) { id text createdAt } }`;
const REVIEW = `query ($id: ID!) { review(id: $id) { id text sentiment { label score positiveProbability modelVersion } } }`;
const PAGE = `query ($first: Int, $after: String) { reviews(first: $first, after: $after) { edges { cursor node { id text sentiment { label } } } pageInfo { hasNextPage endCursor } } }`;

const stores: Array<[string, () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>]> = [
  ["SQLite", async () => ({ env: {}, cleanup: async () => undefined })],
  ["PostgreSQL", async () => {
    const { url, drop } = await freshSchemaUrl("gateway");
    return { env: { DATABASE_URL: url }, cleanup: drop };
  }],
];

describe.each(stores)("the API through the gateway, stored in %s", (_name, makeStore) => {
  let stack: Stack;
  let cleanup: () => Promise<void>;
  const api = <T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
    graphql<T>(stack.gatewayUrl, query, variables, { authorization: `Bearer ${stack.keys.admin}`, ...headers });

  beforeAll(async () => {
    const store = await makeStore();
    cleanup = store.cleanup;
    stack = await startTestStack({ ...store.env, SUBGRAPH_PROBE_INTERVAL_MS: "200" });
  });
  afterAll(async () => {
    await stack?.stop();
    await cleanup?.();
  });

  it("rejects a two-letter review with the minimum-length error", async () => {
    const { body } = await api(`{ analyzeReview(text: "hi") { text } }`);
    expect(body.errors?.[0]).toMatchObject({ message: "Review must be at least 4 characters", extensions: { code: "BAD_USER_INPUT", field: "text" } });
  });

  it("rejects a number with the number error", async () => {
    const { body } = await api(`{ analyzeReview(text: "123458303") { text } }`);
    expect(body.errors?.[0]).toMatchObject({ message: "Review cannot be a number", extensions: { code: "BAD_USER_INPUT" } });
  });

  it("reads 'This is a must see.' as POSITIVE", async () => {
    const { body } = await api(`{ analyzeReview(text: "This is a must see.") { sentiment { label score } } }`);
    expect(body.data?.analyzeReview.sentiment.label).toBe("POSITIVE");
  });

  it("reads 'terrible. impossible to bear!' as NEGATIVE with a score in [0, 100]", async () => {
    const { body } = await api(`{ analyzeReview(text: "terrible. impossible to bear!") { sentiment { label score positiveProbability } } }`);
    const sentiment = body.data?.analyzeReview.sentiment;
    expect(sentiment.label).toBe("NEGATIVE");
    expect(sentiment.score).toBeGreaterThanOrEqual(0);
    expect(sentiment.score).toBeLessThanOrEqual(100);
    expect(sentiment.positiveProbability).toBeLessThan(0.5);
  });

  it("analyses a batch, answering in the order of the texts, and stores nothing", async () => {
    const before = await api(PAGE, { first: 100 });
    const texts = ["An absolute delight from start to finish.", "Dull, lifeless and far too long.", "I loved every minute."];
    const { body } = await api(`query ($texts: [String!]!) { analyzeReviews(texts: $texts) { text sentiment { label } } }`, { texts });
    expect(body.data?.analyzeReviews.map((a: any) => [a.text, a.sentiment.label])).toEqual([
      [texts[0], "POSITIVE"],
      [texts[1], "NEGATIVE"],
      [texts[2], "POSITIVE"],
    ]);
    const after = await api(PAGE, { first: 100 });
    expect(after.body.data?.reviews.edges.length).toBe(before.body.data?.reviews.edges.length);
  });

  it("names the failing text of a batch", async () => {
    const { body } = await api(`query ($texts: [String!]!) { analyzeReviews(texts: $texts) { text } }`, { texts: ["A fine film", "42"] });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "texts[1]" });
  });

  it("stores a submitted review and reads it back with its sentiment", async () => {
    const submitted = await api(SUBMIT, { text: "  A warm, funny and beautifully acted film.  " });
    const review = submitted.body.data?.submitReview;
    expect(review.text).toBe("A warm, funny and beautifully acted film.");
    const read = await api(REVIEW, { id: review.id });
    expect(read.body.data?.review).toMatchObject({ id: review.id, text: review.text, sentiment: { label: "POSITIVE" } });
    expect(read.body.data?.review.sentiment.modelVersion).toMatch(/^lr-[a-z]+-[0-9a-f]{12}$/);
  });

  it("stores nothing when a submission is invalid", async () => {
    const before = await api(PAGE, { first: 100 });
    const { body } = await api(SUBMIT, { text: "1,000" });
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const after = await api(PAGE, { first: 100 });
    expect(after.body.data?.reviews.edges.length).toBe(before.body.data?.reviews.edges.length);
  });

  it("pages through reviews newest first with cursors", async () => {
    for (let i = 0; i < 5; i += 1) await api(SUBMIT, { text: `Paging review number ${i}, quite good` });
    const first = await api(PAGE, { first: 2 });
    const page1 = first.body.data?.reviews;
    expect(page1.edges.map((e: any) => e.node.text)).toEqual(["Paging review number 4, quite good", "Paging review number 3, quite good"]);
    expect(page1.pageInfo).toEqual({ hasNextPage: true, endCursor: page1.edges[1].cursor });
    const second = await api(PAGE, { first: 2, after: page1.pageInfo.endCursor });
    expect(second.body.data?.reviews.edges.map((e: any) => e.node.text)).toEqual(["Paging review number 2, quite good", "Paging review number 1, quite good"]);
    expect(second.body.data?.reviews.edges[0].node.sentiment.label).toBe("POSITIVE");
  });

  it("refuses a page larger than the maximum and a foreign cursor", async () => {
    expect((await api(PAGE, { first: 101 })).body.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "first" } });
    expect((await api(PAGE, { first: 2, after: "bm90LWEtY3Vyc29y" })).body.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "after" } });
  });

  it("deletes a review", async () => {
    const id = (await api(SUBMIT, { text: "Delete me soon please" })).body.data?.submitReview.id;
    expect((await api(`mutation ($id: ID!) { deleteReview(id: $id) }`, { id })).body.data?.deleteReview).toBe(true);
    expect((await api(REVIEW, { id })).body.data?.review).toBeNull();
    expect((await api(`mutation ($id: ID!) { deleteReview(id: $id) }`, { id })).body.data?.deleteReview).toBe(false);
  });

  it("carries the caller's request id back in the response", async () => {
    const { headers } = await api(`{ modelInfo { version } }`, undefined, { "x-request-id": "trace-me-123" });
    expect(headers.get("x-request-id")).toBe("trace-me-123");
  });

  it("answers modelInfo with the manifest's figures", async () => {
    const { body } = await api(`{ modelInfo { version sha256 loadedAt metrics { accuracy expectedCalibrationError crossValidationAccuracy } } }`);
    expect(body.data?.modelInfo.metrics.accuracy).toBeGreaterThanOrEqual(0.963);
    expect(body.data?.modelInfo.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps the reviews' data and nulls only sentiment while ML is down, and recovers when it is back", async () => {
    await api(SUBMIT, { text: "Survives an outage nicely" });
    await stack.kill("ml");
    const during = await api(PAGE, { first: 1 });
    expect(during.body.data?.reviews.edges[0].node).toMatchObject({ text: "Survives an outage nicely", sentiment: null });
    expect(during.body.errors?.[0]).toMatchObject({ message: "The ml service is unavailable", extensions: { code: "SERVICE_UNAVAILABLE" } });
    expect(JSON.stringify(during.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack/i);
    // The gateway still serves, so it stays ready; what it knows of ML is a metric on its metrics
    // port, never on the public /healthz.
    expect((await fetch(`${stack.urls.gateway}/readyz`)).status).toBe(200);
    await expect.poll(async () => await (await fetch(stack.metricsUrl)).text(), { timeout: 5_000, interval: 100 }).toMatch(/subgraph_up\{subgraph="ml",service="gateway"\} 0/);
    expect(await (await fetch(`${stack.urls.gateway}/healthz`)).json()).toEqual({ status: "ok" });

    await stack.start("ml");
    const after = await api(PAGE, { first: 1 });
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data?.reviews.edges[0].node.sentiment.label).toBe("POSITIVE");
  });
});
