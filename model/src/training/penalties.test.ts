import { describe, expect, it } from "vitest";
import { buildFeatureSpace } from "../features/feature-space.js";
import type { Lexicon } from "../features/lexicons.js";
import { layoutOf } from "./classifier.js";
import { penaltyVector } from "./penalties.js";

const rated: Lexicon = { name: "rated", version: "1", license: "test", valence: new Map([["great", 1], ["dull", -0.5], ["meh", 0]]), predicted: false };
const predicted: Lexicon = { name: "predicted", version: "1", license: "test", valence: new Map([["stay", -0.4]]), predicted: true };
const texts = ["the stay was great", "the stay was dull", "not great at all", "not dull", "the room was meh", "never stay here"];
const space = buildFeatureSpace(texts, [rated, predicted], 1, false);
const layout = layoutOf(space);
const lambda = 1 / (10 * texts.length);
const penaltyOf = (factor: number | undefined, column: number) => penaltyVector(space, layout, { c: 10, lexiconPenaltyDivisor: 10, unratedWordPenaltyFactor: factor }, texts.length)[column];
const plain = (word: string) => space.wordIds.get(word) as number;
const negated = (word: string) => space.negatedWordIds.get(word) as number;

describe("penaltyVector", () => {
  it("leaves the bias unpenalised and penalises lexicon weights divisor times less", () => {
    expect(penaltyOf(2, 0)).toBe(0);
    for (let j = layout.lexiconOffset; j < layout.columnCount; j += 1) expect(penaltyOf(2, j)).toBeCloseTo(lambda / 10, 12);
  });

  it("penalises a word that a rated lexicon holds, plain or negated, at the base strength", () => {
    expect(penaltyOf(2, plain("great"))).toBeCloseTo(lambda, 12);
    expect(penaltyOf(2, plain("dull"))).toBeCloseTo(lambda, 12);
    expect(penaltyOf(2, negated("great"))).toBeCloseTo(lambda, 12);
  });

  it("penalises words no rated lexicon holds factor times more, including words only a predicted lexicon holds and zero valences", () => {
    for (const word of ["the", "was", "stay", "meh", "room"]) expect(penaltyOf(2, plain(word)), word).toBeCloseTo(2 * lambda, 12);
  });

  it("penalises a negated word no rated lexicon holds factor times more, in its own column", () => {
    expect(negated("stay")).toBeGreaterThan(space.words.length);
    expect(penaltyOf(2, negated("stay"))).toBeCloseTo(2 * lambda, 12);
    expect(penaltyOf(2, negated("great"))).toBeCloseTo(lambda, 12);
  });

  it("keeps word pairs at the base strength", () => {
    const pairs = [...space.bigrams.values()];
    expect(pairs.length).toBeGreaterThan(0);
    for (const column of pairs) expect(penaltyOf(2, column)).toBeCloseTo(lambda, 12);
  });

  it("is one strength for every n-gram when the factor is absent", () => {
    expect(penaltyOf(undefined, plain("the"))).toBeCloseTo(lambda, 12);
  });
});
