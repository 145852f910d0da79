// One caller inside every limit of the gateway must not take the model's queue from the others:
// its own further requests are refused once its waiting texts fill most of the queue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../../scripts/stack.js";
import { graphql } from "../support/graphql-client.js";
import { startTestStack } from "../support/stack-fixture.js";

// Each heavy request is 100 texts of 45 sentences (about 4,300 characters) with the mixed flag:
// 4,600 model inputs, read one at a time, so that the three overlap in the queue.
const MAX_QUEUE = 8_000;
const HEAVY = `query ($texts: [String!]!) { analyzeReviews(texts: $texts) { text sentiment { label mixed } } }`;
const LIGHT = `query ($texts: [String!]!) { analyzeReviews(texts: $texts) { text sentiment { label } } }`;

let stack: Stack;
beforeAll(async () => {
  // A window long enough that every request below is queued before the first model run.
  stack = await startTestStack({ MAX_QUEUE: String(MAX_QUEUE), MAX_BATCH: "1", BATCH_WINDOW_MS: "100" });
});
afterAll(async () => {
  await stack?.stop();
});

const texts = (tag: string, count: number, sentences = 1) =>
  Array.from({ length: count }, (_, i) => Array.from({ length: sentences }, (_, s) => `Stay ${i} of ${tag}, night ${s}: the room was quiet, the staff were kind and breakfast ran until eleven.`).join(" "));
const analyze = (query: string, key: string, batch: string[]) => graphql(stack.gatewayUrl, query, { texts: batch }, { authorization: `Bearer ${key}` });

describe("the model queue shared between callers", () => {
  it("answers a small request in full while another caller sends three large batches at once, refusing that caller's beyond its share", async () => {
    const heavy = [1, 2, 3].map((n) => analyze(HEAVY, stack.keys.writer, texts(`heavy ${n}`, 100, 45)));
    const light = analyze(LIGHT, stack.keys.reader, texts("light", 30));
    const [lightAnswer, ...heavyAnswers] = await Promise.all([light, ...heavy]);

    expect(lightAnswer.body.errors).toBeUndefined();
    expect(lightAnswer.body.data?.analyzeReviews.every((a: { sentiment: { label: string } | null }) => a.sentiment !== null)).toBe(true);
    const heavyErrors = heavyAnswers.flatMap((a) => a.body.errors ?? []);
    expect(heavyErrors.length).toBeGreaterThan(0);
    expect(new Set(heavyErrors.map((e) => e.extensions?.code))).toEqual(new Set(["OVERLOADED"]));
    expect(heavyErrors.some((e) => e.message.startsWith("Your earlier requests still fill most of the sentiment model's queue"))).toBe(true);
  });
});
