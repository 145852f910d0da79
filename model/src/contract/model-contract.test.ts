import { describe, expect, it } from "vitest";
import { ModelOutputError, contributionRows, positiveProbabilities, toModelInput, topContributions, wordContributions, wordSpans } from "./index.js";
import { wordTokens } from "../features/text-rules.js";

describe("the model contract", () => {
  it("finds the graph's word tokens at offsets that slice the original text", () => {
    const texts = ["İstanbul’s café 😀 was NOT bad,\r\nreally!", "e\u0301tude and ﬁne 日本", "don't  stop"];
    for (const text of texts) {
      const spans = wordSpans(text);
      expect(spans.map((s) => text.slice(s.start, s.end).toLowerCase().replaceAll("’", "'").replace("i̇", "i"))).toEqual(wordTokens(text));
    }
  });

  it("names words only, not punctuation, in an explanation", () => {
    const words = wordContributions("Great, really great!", [1, 0.5, 2, 3, 0.1]);
    expect(words.map((w) => w.word)).toEqual(["Great", "really", "great"]);
    expect(words.map((w) => w.weight)).toEqual([1, 2, 3]);
  });

  it("ranks words by the size of their push, either way, ties in text order", () => {
    const top = topContributions("bad food, good staff", [-2, 0.5, 0, 2, 0], 3);
    expect(top.map((w) => [w.word, w.weight])).toEqual([["bad", -2], ["good", 2], ["food", 0.5]]);
  });

  it("reads P(positive) from the second column of the probabilities", () => {
    const p = positiveProbabilities({ data: Float32Array.from([0.9, 0.1, 0.25, 0.75]), dims: [2, 2] }, 2);
    expect(Array.from(p)).toEqual([Float32Array.from([0.1])[0], 0.75]);
  });

  it("hands the graph no NUL (its string kernels would stop there), keeping every offset", () => {
    const text = "good\u0000bad not\u0000good";
    expect(toModelInput(text)).toBe("good bad not good");
    expect(toModelInput(text)).toHaveLength(text.length);
  });

  it("refuses outputs of the wrong shape with a typed error", () => {
    expect(() => positiveProbabilities({ data: new Float32Array(3), dims: [3] }, 2)).toThrow(ModelOutputError);
    expect(() => contributionRows(undefined, 1)).toThrow(ModelOutputError);
  });
});
