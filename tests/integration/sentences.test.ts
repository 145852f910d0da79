// Sentence-level sentiment, the mixed flag and word explanations through the real gateway.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../../scripts/stack.js";
import { metricSum } from "../../scripts/prometheus-text.js";
import { graphql } from "../support/graphql-client.js";
import { startTestStack } from "../support/stack-fixture.js";

const MAX_BATCH = 64;
const MIXED_REVIEW = "The food was cold and bland. The waiter was friendly and helpful.";
const DETAIL = `query ($text: String!, $top: Int) { analyzeReview(text: $text) { text sentiment { label positiveProbability mixed sentences { text start end label score positiveProbability } explanation(top: $top) { word start end weight } } } }`;
const SENTENCES = `query ($text: String!) { analyzeReview(text: $text) { text sentiment { label positiveProbability mixed sentences { text start end label score positiveProbability } } } }`;

interface Sentence { text: string; start: number; end: number; label: string; score: number; positiveProbability: number }
interface Word { word: string; start: number; end: number; weight: number }


let stack: Stack;
const api = <T = Record<string, any>>(query: string, variables?: Record<string, unknown>) =>
  graphql<T>(stack.gatewayUrl, query, variables, { authorization: `Bearer ${stack.keys.reader}` });

/** The ML service's count of model runs and of texts run, from its Prometheus histogram. */
async function modelRuns(): Promise<{ runs: number; texts: number }> {
  const metrics = await (await fetch(stack.metricsUrls.ml)).text();
  return { runs: metricSum(metrics, "inference_batch_size_count"), texts: metricSum(metrics, "inference_batch_size_sum") };
}

async function runsDuring(work: () => Promise<unknown>): Promise<{ runs: number; texts: number }> {
  const before = await modelRuns();
  await work();
  const after = await modelRuns();
  return { runs: after.runs - before.runs, texts: after.texts - before.texts };
}

beforeAll(async () => {
  stack = await startTestStack({ MAX_BATCH: String(MAX_BATCH) });
});
afterAll(async () => {
  await stack?.stop();
});

describe("sentences and the mixed flag through the gateway", () => {
  it("reads the cold-food, friendly-waiter review as a NEGATIVE then a POSITIVE sentence, and mixed", async () => {
    const { body } = await api(SENTENCES, { text: MIXED_REVIEW });
    expect(body.errors).toBeUndefined();
    const sentiment = body.data?.analyzeReview.sentiment;
    expect(sentiment.sentences.map((s: Sentence) => [s.text, s.label])).toEqual([
      ["The food was cold and bland.", "NEGATIVE"],
      ["The waiter was friendly and helpful.", "POSITIVE"],
    ]);
    expect(sentiment.mixed).toBe(true);
  });

  it("gives each sentence a score and a probability that agree with its label", async () => {
    const { body } = await api(SENTENCES, { text: MIXED_REVIEW });
    for (const s of body.data?.analyzeReview.sentiment.sentences as Sentence[]) {
      expect(s.positiveProbability > 0.5).toBe(s.label === "POSITIVE");
      expect(s.score).toBeCloseTo(100 * Math.max(s.positiveProbability, 1 - s.positiveProbability), 1);
    }
  });

  it("does not flag a review whose sentences agree as mixed", async () => {
    const { body } = await api(SENTENCES, { text: "A wonderful film. The acting was superb and moving." });
    expect(body.data?.analyzeReview.sentiment.mixed).toBe(false);
  });

  it("gives a text of one sentence one sentence, read exactly as the text", async () => {
    const { body } = await api(SENTENCES, { text: "This is a must see." });
    const sentiment = body.data?.analyzeReview.sentiment;
    expect(sentiment.sentences).toEqual([{ text: "This is a must see.", start: 0, end: 19, label: "POSITIVE", score: expect.any(Number), positiveProbability: sentiment.positiveProbability }]);
  });

  it.each([
    ["emoji with skin tones, flags and joiners", "Loved it 👍🏽🇮🇹! The 👨‍👩‍👧 room was tiny 😡. Would come back 🎉"],
    ["combining marks", "The cafe\u0301 served cre\u0300me bru\u0302le\u0301e. Se\u0301rieusement de\u0301cevant, the service."],
    ["astral-plane letters", "𝐓𝐡𝐞 𝐛𝐞𝐬𝐭 meal in years. 𝒲𝑜𝓇𝓈𝓉 dessert though."],
  ])("slices the sent text exactly at each sentence's offsets (%s)", async (_kind, text) => {
    const { body } = await api(SENTENCES, { text });
    expect(body.data?.analyzeReview.text).toBe(text);
    const sentences = body.data?.analyzeReview.sentiment.sentences as Sentence[];
    expect(sentences.length).toBeGreaterThan(1);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it("slices the returned text exactly when the client sent CR LF line breaks", async () => {
    const sent = "Great location\r\nNoisy room at night.\r\n\r\nFriendly staff!";
    const { body } = await api(SENTENCES, { text: sent });
    // The input rules store line breaks as LF; offsets index the text the answer carries.
    const text = body.data?.analyzeReview.text as string;
    expect(text).toBe(sent.replaceAll("\r\n", "\n"));
    const sentences = body.data?.analyzeReview.sentiment.sentences as Sentence[];
    expect(sentences.map((s) => s.text)).toEqual(["Great location", "Noisy room at night.", "Friendly staff!"]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it("reads a stored review sentence by sentence too", async () => {
    const writer = { authorization: `Bearer ${stack.keys.writer}` };
    const { body: stored } = await graphql(stack.gatewayUrl, `mutation ($text: String!) { submitReview(input: { text: $text }) { id } }`, { text: MIXED_REVIEW }, writer);
    const { body } = await api(`query ($id: ID!) { review(id: $id) { text sentiment { mixed sentences { text start end label } } } }`, { id: stored.data?.submitReview.id });
    expect(body.errors).toBeUndefined();
    expect(body.data?.review.sentiment).toEqual({
      mixed: true,
      sentences: [
        { text: "The food was cold and bland.", start: 0, end: 28, label: "NEGATIVE" },
        { text: "The waiter was friendly and helpful.", start: 29, end: 65, label: "POSITIVE" },
      ],
    });
  });

  it("runs the sentences of 40 texts with the texts themselves, one model run per MAX_BATCH texts, answering in order", async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `Visit ${i + 1}: the plot was dull. The music was lovely.`);
    let body: any;
    const delta = await runsDuring(async () => {
      ({ body } = await api(`query ($texts: [String!]!) { analyzeReviews(texts: $texts) { text sentiment { label mixed sentences { text } } } }`, { texts }));
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.analyzeReviews.map((a: any) => a.text)).toEqual(texts);
    expect(body.data.analyzeReviews.map((a: any) => a.sentiment.sentences.map((s: { text: string }) => s.text))).toEqual(
      texts.map((t) => [t.slice(0, t.indexOf(".") + 1), "The music was lovely."]),
    );
    expect(delta).toEqual({ texts: 120, runs: Math.ceil(120 / MAX_BATCH) });
  });

  it("runs only the texts themselves when a query asks for the label alone", async () => {
    const texts = Array.from({ length: 100 }, (_, i) => `Stay ${i + 1}: the bed was hard. The view was superb.`);
    const delta = await runsDuring(() => api(`query ($texts: [String!]!) { analyzeReviews(texts: $texts) { sentiment { label } } }`, { texts }));
    expect(delta).toEqual({ texts: 100, runs: Math.ceil(100 / MAX_BATCH) });
  });

  it("refuses the sentences of a text of more than 64 sentences with BAD_USER_INPUT, and still gives its label", async () => {
    const text = Array.from({ length: 65 }, (_, i) => `Stop ${i + 1} was fine.`).join(" ");
    const before = metricSum(await (await fetch(stack.metricsUrls.ml)).text(), "inference_sentence_limit_refusals_total");
    const { body } = await api(`query ($text: String!) { analyzeReview(text: $text) { sentiment { mixed } } }`, { text });
    expect(body.data?.analyzeReview.sentiment).toBeNull();
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining("at most 64 sentences and this one has 65"), extensions: { code: "BAD_USER_INPUT", field: "text" } });
    expect(metricSum(await (await fetch(stack.metricsUrls.ml)).text(), "inference_sentence_limit_refusals_total")).toBe(before + 1);
    const label = await api(`query ($text: String!) { analyzeReview(text: $text) { sentiment { label } } }`, { text });
    expect(label.body.errors).toBeUndefined();
    const sixtyFour = await api(`query ($text: String!) { analyzeReview(text: $text) { sentiment { sentences { text } } } }`, { text: text.slice(0, text.lastIndexOf(" Stop")) });
    expect(sixtyFour.body.data?.analyzeReview.sentiment.sentences).toHaveLength(64);
  });

  it("refuses to store a text of more than 64 sentences, as a review or as feedback, naming input.text, so a stored text is always analysed in full", async () => {
    const text = Array.from({ length: 65 }, (_, i) => `Room ${i + 1} was fine.`).join(" ");
    const writer = { authorization: `Bearer ${stack.keys.writer}` };
    const review = await graphql(stack.gatewayUrl, `mutation ($text: String!) { submitReview(input: { text: $text }) { id } }`, { text }, writer);
    const feedback = await api(`mutation ($text: String!) { submitFeedback(input: { text: $text, label: POSITIVE }) { id } }`, { text });
    for (const { body } of [review, feedback]) {
      expect(body.data).toBeNull();
      expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining("at most 64 sentences"), extensions: { code: "BAD_USER_INPUT", field: "input.text" } });
      expect(body.errors?.[0]?.message).toContain("this one has 65");
    }
    const { body: page } = await api(`{ reviews(first: 100) { edges { node { text } } } }`);
    expect(page.data?.reviews.edges.map((e: { node: { text: string } }) => e.node.text)).not.toContain(text);
    const sixtyFour = text.slice(0, text.lastIndexOf(" Room"));
    const { body: stored } = await graphql(stack.gatewayUrl, `mutation ($text: String!) { submitReview(input: { text: $text }) { sentiment { mixed sentences { text } } } }`, { text: sixtyFour }, writer);
    expect(stored.errors).toBeUndefined();
    expect(stored.data?.submitReview.sentiment.sentences).toHaveLength(64);
  });

  it.each([0, 21, -1])("refuses explanation(top: %i) with BAD_USER_INPUT naming top", async (top) => {
    const { body } = await api(DETAIL, { text: MIXED_REVIEW, top });
    expect(body.errors?.[0]).toMatchObject({ message: "explanation(top:) must be from 1 to 20", extensions: { code: "BAD_USER_INPUT", field: "top" } });
  });
});

describe("the cost limit with sentences and explanations", () => {
  const texts = Array.from({ length: 100 }, (_, i) => `Dish ${i + 1} was fine. The wine was not.`);

  it("refuses 100 texts with explanation(top: 20) as too costly: each of the 20 words is counted", async () => {
    const { status, body } = await api(`query ($texts: [String!]!) { analyzeReviews(texts: $texts) { sentiment { explanation(top: 20) { word start end weight } } } }`, { texts });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COSTLY");
  });

  it("admits 20 texts with their sentences and five words each, and refuses 100: each of up to 64 sentences is counted", async () => {
    const query = `query ($texts: [String!]!) { analyzeReviews(texts: $texts) { text sentiment { sentences { start end label } explanation { word weight } } } }`;
    const twenty = await api(query, { texts: texts.slice(0, 20) });
    expect(twenty.status).toBe(200);
    expect(twenty.body.errors?.map((e) => e.extensions?.code) ?? []).not.toContain("QUERY_TOO_COSTLY");
    const hundred = await api(query, { texts });
    expect(hundred.status).toBe(400);
    expect(hundred.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COSTLY");
  });

  it("admits 100 texts with their labels and mixed flags", async () => {
    const { status, body } = await api(`query ($texts: [String!]!) { analyzeReviews(texts: $texts) { sentiment { label mixed } } }`, { texts });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });
});

describe("word explanations through the gateway", () => {
  it("explains with words found in the text at their offsets, strongest first", async () => {
    const { body } = await api(DETAIL, { text: MIXED_REVIEW, top: 8 });
    expect(body.errors).toBeUndefined();
    const words = body.data?.analyzeReview.sentiment.explanation as Word[];
    expect(words.length).toBeGreaterThan(0);
    expect(words.length).toBeLessThanOrEqual(8);
    for (const w of words) expect(MIXED_REVIEW.slice(w.start, w.end)).toBe(w.word);
    const strengths = words.map((w) => Math.abs(w.weight));
    expect(strengths).toEqual([...strengths].sort((a, b) => b - a));
  });

  it("names a word that pushes towards NEGATIVE first for 'terrible. impossible to bear!'", async () => {
    const { body } = await api(DETAIL, { text: "terrible. impossible to bear!", top: 1 });
    const [first] = body.data?.analyzeReview.sentiment.explanation as Word[];
    expect(first?.weight).toBeLessThan(0);
    expect("terrible. impossible to bear!".slice(first?.start, first?.end)).toBe(first?.word);
  });

  it("puts each weight on the word that earned it: the opinion words lead, with their own signs", async () => {
    const { body } = await api(DETAIL, { text: "Sadly, the plot was awful. But the music, oh, the music was wonderful!", top: 2 });
    const words = body.data?.analyzeReview.sentiment.explanation as Word[];
    expect(Object.fromEntries(words.map((w) => [w.word, Math.sign(w.weight)]))).toEqual({ awful: -1, wonderful: 1 });
  });

  it("returns five words unless asked otherwise", async () => {
    const text = "A brilliant, moving and funny film with a dull, clumsy and tedious ending.";
    const { body } = await api(`query ($text: String!) { analyzeReview(text: $text) { sentiment { explanation { word } } } }`, { text });
    expect(body.data?.analyzeReview.sentiment.explanation).toHaveLength(5);
  });

  it("offsets slice the sent text exactly for words next to emoji and combining marks", async () => {
    const text = "Su\u0308perb 👍🏽 food, 😡 rude waiter. Cre\u0300me bru\u0302le\u0301e was divine!";
    const { body } = await api(DETAIL, { text, top: 20 });
    const words = body.data?.analyzeReview.sentiment.explanation as Word[];
    expect(words.length).toBeGreaterThan(3);
    for (const w of words) expect(text.slice(w.start, w.end)).toBe(w.word);
  });

  it("answers 20 texts with sentences and explanations in order, one model run per MAX_BATCH texts", async () => {
    const texts = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? `Meal ${i + 1} was delicious. The staff were rude.` : `Meal ${i + 1} was awful. The dessert was wonderful!`));
    let body: any;
    const delta = await runsDuring(async () => {
      ({ body } = await api(`query ($texts: [String!]!) { analyzeReviews(texts: $texts) { text sentiment { sentences { start end label } explanation(top: 3) { word start end weight } } } }`, { texts }));
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.analyzeReviews.map((a: any) => a.text)).toEqual(texts);
    body.data.analyzeReviews.forEach((a: any, i: number) => {
      const text = texts[i] as string;
      expect(a.sentiment.sentences).toHaveLength(2);
      for (const w of a.sentiment.explanation as Word[]) expect(text.slice(w.start, w.end)).toBe(w.word);
    });
    // The texts (explained, so never from the cache) and the sentences the cache did not hold.
    expect(delta.texts).toBeGreaterThanOrEqual(20);
    expect(delta.runs).toBe(Math.ceil(delta.texts / MAX_BATCH));
  });
});
