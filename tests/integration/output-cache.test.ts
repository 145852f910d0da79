// The ML service's output cache through the real stack: a page of reviews read again is answered
// from the cache, with the same answers and no model run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../../scripts/stack.js";
import { freshTexts } from "../../scripts/fresh-texts.js";
import { metricValue } from "../../scripts/prometheus-text.js";
import { graphql } from "../support/graphql-client.js";
import { startTestStack } from "../support/stack-fixture.js";

const PAGE_SIZE = 20;
const PAGE = `{ reviews(first: ${PAGE_SIZE}) { edges { node { id text sentiment { label score positiveProbability } } } } }`;

let stack: Stack;
const stored: string[] = [];

/** A counter or gauge of the ML service's Prometheus metrics. */
async function mlMetric(name: string): Promise<number> {
  return metricValue(await (await fetch(stack.metricsUrls.ml)).text(), name) ?? Number.NaN;
}

async function readPage(): Promise<unknown> {
  const { body } = await graphql(stack.gatewayUrl, PAGE, undefined, { authorization: `Bearer ${stack.keys.reader}` });
  expect(body.errors).toBeUndefined();
  return body.data;
}

beforeAll(async () => {
  stack = await startTestStack();
  const text = freshTexts();
  for (let i = 0; i < PAGE_SIZE; i += 1) {
    stored.push(text());
    const { body } = await graphql(stack.gatewayUrl, `mutation ($t: String!) { submitReview(input: { text: $t }) { id } }`, { t: stored[i] }, { authorization: `Bearer ${stack.keys.writer}` });
    expect(body.errors).toBeUndefined();
  }
});
afterAll(async () => {
  await stack?.stop();
});

describe("model output cache through the gateway", () => {
  it("answers a page read again from the cache: the same answers, every text a hit, no model run", async () => {
    const first = await readPage();
    const hits = await mlMetric("inference_cache_hits_total");
    const runs = await mlMetric("inference_batch_size_count");

    const second = await readPage();

    expect(second).toEqual(first);
    expect((await mlMetric("inference_cache_hits_total")) - hits).toBe(PAGE_SIZE);
    expect(await mlMetric("inference_batch_size_count")).toBe(runs);
    expect(await mlMetric("inference_cache_entries")).toBeGreaterThanOrEqual(PAGE_SIZE);
  });

  it("runs the model on the texts it has not seen only, the cached ones answering alongside", async () => {
    await readPage();
    const texts = [stored[0], "A text this stack has never read before, surely", stored[1]];
    const before = await mlMetric("inference_batch_size_sum");
    const { body } = await graphql(stack.gatewayUrl, `query ($t: [String!]!) { analyzeReviews(texts: $t) { text sentiment { label } } }`, { t: texts }, { authorization: `Bearer ${stack.keys.reader}` });
    expect(body.errors).toBeUndefined();
    expect((body.data?.analyzeReviews as Array<{ text: string }>).map((a) => a.text)).toEqual(texts);
    expect((await mlMetric("inference_batch_size_sum")) - before).toBe(1);
  });
});
