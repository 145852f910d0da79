import { describe, expect, it } from "vitest";
import { defaultLexicons, groupedFolds, positiveProbability, trainClassifier } from "@sentiment/model";
import { syntheticReviews } from "../support/synthetic-reviews.js";

const parameters = { c: 10, lexiconPenaltyDivisor: 10, minCount: 1, maxIterations: 300, gradientTolerance: 1e-7 };

describe("training", () => {
  it("converges to a classifier that fits a small synthetic set", () => {
    const rows = syntheticReviews();
    const classifier = trainClassifier(rows.map((r) => r.text), rows.map((r) => r.label), defaultLexicons(), parameters);
    const correct = rows.filter((r) => (positiveProbability(classifier, r.text) > 0.5 ? 1 : 0) === r.label).length;
    expect(correct / rows.length).toBe(1);
  });

  it("learns that a negator flips the polarity", () => {
    const rows = syntheticReviews();
    const classifier = trainClassifier(rows.map((r) => r.text), rows.map((r) => r.label), defaultLexicons(), parameters);
    expect(positiveProbability(classifier, "the film is great")).toBeGreaterThan(0.5);
    expect(positiveProbability(classifier, "the film is not great")).toBeLessThan(0.5);
  });

  it("keeps every sentence's phrases in one fold", () => {
    const groups = [1, 1, 2, 2, 2, 3, 4, 4, 5, 6, 7, 7];
    const folds = groupedFolds(groups, 3, 42);
    groups.forEach((g, i) => groups.forEach((h, j) => g === h && expect(folds[i]).toBe(folds[j])));
    expect(new Set(folds).size).toBe(3);
    expect(groupedFolds(groups, 3, 42)).toEqual(folds);
  });
});
