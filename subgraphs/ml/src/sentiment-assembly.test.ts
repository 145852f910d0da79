import { describe, expect, it } from "vitest";
import { MAX_EXPLANATION_WORDS, assembleSentiment, toReading } from "./sentiment.js";

const base = { modelVersion: "v1", positiveProbability: 0.35, sentences: null, contributions: null };

describe("assembling a Sentiment from the model's outputs", () => {
  it("reads a probability as label and score", () => {
    expect(toReading(0.973)).toEqual({ label: "POSITIVE", score: 97.3, positiveProbability: 0.973 });
    expect(toReading(0.008)).toEqual({ label: "NEGATIVE", score: 99.2, positiveProbability: 0.008 });
  });

  it("leaves sentences and mixed out when they were not computed", () => {
    const sentiment = assembleSentiment({ ...base, text: "Fine." });
    expect(sentiment).not.toHaveProperty("sentences");
    expect(sentiment).not.toHaveProperty("mixed");
    expect(sentiment.words).toBeNull();
  });

  it("gives each sentence its slice of the text and its own reading, and flags opposite confident sentences", () => {
    const text = "The food was cold. The waiter was kind.";
    const sentiment = assembleSentiment({
      ...base,
      text,
      sentences: [{ span: { start: 0, end: 18 }, positiveProbability: 0.02 }, { span: { start: 19, end: 39 }, positiveProbability: 0.97 }],
    });
    expect(sentiment.sentences).toEqual([
      { text: "The food was cold.", start: 0, end: 18, label: "NEGATIVE", score: 98, positiveProbability: 0.02 },
      { text: "The waiter was kind.", start: 19, end: 39, label: "POSITIVE", score: 97, positiveProbability: 0.97 },
    ]);
    expect(sentiment.mixed).toBe(true);
  });

  it("keeps the strongest words first, at most as many as explanation(top:) may ask for", () => {
    const text = Array.from({ length: 30 }, (_, i) => `w${i}`).join(" ");
    const row = Float32Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? i : -i) / 10);
    const { words } = assembleSentiment({ ...base, text, contributions: row });
    expect(words).toHaveLength(MAX_EXPLANATION_WORDS);
    expect(words?.[0]).toEqual({ word: "w29", start: text.indexOf("w29"), end: text.indexOf("w29") + 3, weight: expect.closeTo(-2.9, 5) });
    expect(words?.map((w) => Math.abs(w.weight))).toEqual(words?.map((w) => Math.abs(w.weight)).sort((a, b) => b - a));
  });
});
