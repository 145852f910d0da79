// The pure parts of the lexicon build (model/lexicon-expansion/): seed labelling, candidate
// selection, the logistic regression and the file format. The whole build needs the 300 MB
// embeddings and runs as `npm run lexicon:expand`; its output is checked in model/src/features/lexicon-files.test.ts.
import { describe, expect, it } from "vitest";
import { formatExpanded, formatLiu, liuRows } from "./lexicon-tsv.js";
import { fitLogistic, probability, solveSymmetric } from "./logistic-regression.js";
import {
  expandPolarity,
  foldOf,
  seedLabels,
  selectCandidates,
} from "./polarity-expansion.js";
import { structuralWords } from "./word-classes.js";

const unit = (...values: number[]): Float64Array => {
  const norm = Math.hypot(...values);
  return Float64Array.from(values, (v) => v / norm);
};

describe("seed labels", () => {
  const label = (liu: Array<[string, number]>, vader: Array<[string, number]>, excluded: string[] = []) =>
    seedLabels({
      liu: liu.map(([word, value]) => ({ word, value })),
      vader: new Map(vader),
      vaderMinimum: 1,
      excluded: new Set(excluded),
    });

  it("takes the sign both sources agree on, or the only one there is", () => {
    const seeds = label([["great", 1], ["awful", -1]], [["great", 3.1], ["yummy", 2.4], ["gross", -2]]);
    expect([...seeds.labels]).toEqual([["awful", false], ["great", true], ["gross", false], ["yummy", true]]);
  });

  it("leaves out words the sources disagree on and words Liu lists both ways", () => {
    const seeds = label([["refund", 1], ["envious", 1], ["envious", -1]], [["refund", -1.5]]);
    expect(seeds.labels.size).toBe(0);
    expect(seeds.conflicting).toEqual(["envious", "refund"]);
  });

  it("ignores VADER words rated too close to neutral, yet counts them as covered", () => {
    const seeds = label([], [["meh", -0.4]]);
    expect(seeds.labels.has("meh")).toBe(false);
    expect(seeds.covered.has("meh")).toBe(true);
  });

  it("never makes a seed of an excluded word such as a negator", () => {
    const seeds = label([], [["no", -1.2], ["not", -1]], ["no", "not"]);
    expect(seeds.labels.size).toBe(0);
  });
});

describe("candidate selection", () => {
  it("takes the first alphabetic words of the vocabulary, minus covered, excluded and short words", () => {
    const { candidates, vocabulary } = selectCandidates({
      vocabulary: ["the", ",", "refund", "ok", "n't", "good", "john", "soggy", "crispy"],
      size: 6,
      covered: new Set(["good"]),
      excluded: new Set(["the", "john"]),
    });
    expect(candidates).toEqual(["refund", "soggy"]);
    expect([...vocabulary]).toEqual(["the", "refund", "ok", "good", "john", "soggy"]);
  });

  it("excludes negators, contrast words and intensifiers", () => {
    const structural = structuralWords();
    for (const word of ["not", "never", "cannot", "but", "although", "however", "very", "extremely", "lacks"]) {
      expect(structural.has(word), word).toBe(true);
    }
  });
});

describe("logistic regression", () => {
  it("solves a symmetric positive-definite system", () => {
    // A = [[4, 2], [2, 3]] given by its lower triangle; A · [1, 2] = [8, 8].
    const x = solveSymmetric(Float64Array.from([4, 0, 2, 3]), Float64Array.from([8, 8]), 2);
    expect([...x]).toEqual([expect.closeTo(1, 12), expect.closeTo(2, 12)]);
  });

  it("learns which side of the space each label lies on", () => {
    const examples = [
      { vector: unit(1, 0.2), label: true },
      { vector: unit(0.9, -0.3), label: true },
      { vector: unit(0.6, 0.4), label: false },
      { vector: unit(-1, 0.1), label: false },
      { vector: unit(-0.8, -0.5), label: false },
      { vector: unit(-0.2, 1), label: true },
    ];
    const model = fitLogistic(examples, { l2: 0.1, balanced: true });
    expect(probability(model, unit(1, 0))).toBeGreaterThan(0.5);
    expect(probability(model, unit(-1, 0))).toBeLessThan(0.5);
  });

  it("gives the same weights on every run", () => {
    const examples = Array.from({ length: 40 }, (_, i) => ({ vector: unit(Math.sin(i), Math.cos(i * 1.3)), label: i % 3 === 0 }));
    const a = fitLogistic(examples, { l2: 1, balanced: false });
    const b = fitLogistic(examples, { l2: 1, balanced: false });
    expect([...a.weights, a.bias]).toEqual([...b.weights, b.bias]);
  });
});

describe("polarity expansion", () => {
  // A toy space: dimension 0 is polarity, dimension 1 is "opinion-ness"; neutral words have
  // little of either. Words are spread over the five folds by their hash.
  const words = {
    positive: ["superb", "lovely", "splendid", "brilliant", "charming", "gorgeous", "marvellous", "delightful", "fine", "neat"],
    negative: ["awful", "dreadful", "horrid", "nasty", "ghastly", "vile", "lousy", "rotten", "foul", "grim"],
    neutral: Array.from({ length: 60 }, (_, i) => `thing${i}`),
  };
  const vectors = new Map<string, Float64Array>();
  words.positive.forEach((w, i) => vectors.set(w, unit(1, 1, 0.05 * i)));
  words.negative.forEach((w, i) => vectors.set(w, unit(-1, 1, 0.05 * i)));
  words.neutral.forEach((w, i) => vectors.set(w, unit(0.05 * Math.sin(i), -1, Math.cos(i))));
  vectors.set("tasty", unit(0.9, 1, 0.1));
  vectors.set("soggy", unit(-0.9, 1, 0.1));

  const run = () =>
    expandPolarity({
      labels: new Map([...words.positive.map((w) => [w, true] as const), ...words.negative.map((w) => [w, false] as const)]),
      candidates: ["tasty", "soggy", ...words.neutral],
      vocabulary: new Set([...vectors.keys()]),
      unitVector: (word) => vectors.get(word),
      settings: { l2: 0.1, threshold: 0.5 },
    });

  it("gives uncovered opinion words the sign of the seeds they lie near", () => {
    const scores = new Map(run().rows.map((row) => [row.word, row.value]));
    expect(scores.get("tasty")).toBeGreaterThanOrEqual(0.5);
    expect(scores.get("soggy")).toBeLessThanOrEqual(-0.5);
  });

  it("keeps neutral words out", () => {
    expect(run().rows.filter((row) => row.word.startsWith("thing"))).toEqual([]);
  });

  it("reports held-out accuracy from seeds the models were not fitted on", () => {
    const { heldOut } = run();
    const heldOutSeeds = [...words.positive, ...words.negative].filter((w) => foldOf(w) === 0).length;
    expect(heldOut.heldOutSeeds).toBe(heldOutSeeds);
    expect(heldOut.trainingSeeds).toBe(20 - heldOutSeeds);
  });
});

describe("lexicon files", () => {
  it("write Liu's lists sorted with a header and signed polarities", () => {
    expect(formatLiu(liuRows(["nice", "a+"], ["bad", "envious"]).concat(liuRows(["envious"], [])))).toBe(
      "word\tpolarity\na+\t+1\nbad\t-1\nenvious\t-1\nenvious\t+1\nnice\t+1\n",
    );
  });

  it("write expanded scores sorted with four decimals", () => {
    expect(formatExpanded([{ word: "tasty", value: 0.96571 }, { word: "soggy", value: -0.5 }])).toBe(
      "word\tscore\nsoggy\t-0.5000\ntasty\t0.9657\n",
    );
  });
});
