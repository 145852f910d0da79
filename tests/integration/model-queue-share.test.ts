// One caller inside every limit of the gateway must not take the model's queue from the others:
// past all but an eighth of the queue, its own texts are refused and the others' still fit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../../scripts/stack.js";
import { graphql } from "../support/graphql-client.js";
import { startTestStack } from "../support/stack-fixture.js";

// Each heavy request is 100 texts of 45 sentences (about 4,300 characters) with the mixed flag:
// 4,600 model inputs, read one a run, so that the three are in the queue together on a fast
// machine as on a slow one (a slower model drains the queue more slowly too). The caller may
// hold 7,000 of the 8,000.
const MAX_QUEUE = 8_000;
const HEAVY = `query ($texts: [String!]!) { analyzeReviews(texts: $texts) { text sentiment { label mixed } } }`;
const LIGHT = `query ($texts: [String!]!) { analyzeReviews(texts: $texts) { text sentiment { label } } }`;

let stack: Stack;
beforeAll(async () => {
  // The gateway waits for ML as long as a busy machine may need to read 7,000 inputs one by one
  // (and the test waits longer than the gateway).
  stack = await startTestStack({ MAX_QUEUE: String(MAX_QUEUE), MAX_BATCH: "1", ML_TIMEOUT_MS: "60000" });
});
afterAll(async () => {
  await stack?.stop();
});

// Texts never sent before, so that none is answered from the ML service's cache.
const run = Date.now().toString(36);
const texts = (tag: string, count: number, sentences = 1) =>
  Array.from({ length: count }, (_, i) => Array.from({ length: sentences }, (_, s) => `Stay ${i} of ${tag} ${run}, night ${s}: the room was quiet, the staff were kind and breakfast ran until eleven.`).join(" "));
const analyze = (query: string, key: string, batch: string[]) => graphql(stack.gatewayUrl, query, { texts: batch }, { authorization: `Bearer ${key}` });

describe("the model queue shared between callers", () => {
  it("answers a small request in full while another caller sends three large batches at once, refusing that caller's beyond its share", async () => {
    const heavy = [1, 2, 3].map((n) => analyze(HEAVY, stack.keys.writer, texts(`heavy ${n}`, 100, 45)));
    const light = analyze(LIGHT, stack.keys.reader, texts("light", 30));
    const [lightAnswer, ...heavyAnswers] = await Promise.all([light, ...heavy]);

    expect(lightAnswer.body.errors).toBeUndefined();
    expect(lightAnswer.body.data?.analyzeReviews.every((a: { sentiment: { label: string } | null }) => a.sentiment !== null)).toBe(true);
    const heavyErrors = heavyAnswers.flatMap((a) => a.body.errors ?? []);
    expect(new Set(heavyErrors.map((e) => e.extensions?.code))).toEqual(new Set(["OVERLOADED"]));
    expect(heavyErrors.some((e) => e.message.startsWith("Your requests' texts would fill more of the sentiment model's queue than one caller may hold"))).toBe(true);
  }, 150_000);
});
