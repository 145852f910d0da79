// Cross-validation and calibration on the smallest data the pipeline accepts: every fold holds
// out one review domain, and the calibration gives the reviews the largest share of their training
// weight that keeps the film phrases' out-of-fold ECE within its bound.
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PARAMETERS, prepare, train, type TrainingResult } from "@sentiment/model";
import { addTinyEverydaySentences, tinyTrainingData } from "../support/tiny-training-data.js";

describe("cross-validation and calibration", () => {
  let training: TrainingResult;

  beforeAll(() => {
    const prepared = prepare(tinyTrainingData(), () => undefined);
    training = train(prepared.train, { ...DEFAULT_PARAMETERS, kindWeightGrid: [DEFAULT_PARAMETERS.kindWeights] }, () => undefined);
  }, 120_000);

  it("holds out each review domain in one fold and reports its out-of-fold accuracy", () => {
    expect(training.heldOutDomains).toEqual(["books", "dvd", "electronics", "kitchen"]);
    expect(Object.keys(training.chosen.byDomain)).toEqual(training.heldOutDomains);
  });

  it("reports the ECE of every kind of text and every held-out domain, before and after calibration", () => {
    expect(Object.keys(training.calibrationFit.byKind).sort()).toEqual(["phrase", "sentence", "title"]);
    expect(Object.keys(training.calibrationFit.byDomain)).toEqual(training.heldOutDomains);
  });

  it("calibrates with the largest review share that keeps the film phrases' ECE within the bound", () => {
    const { candidates, reviewShare } = training.calibrationFit;
    expect(candidates.map((c) => c.reviewShare)).toEqual(DEFAULT_PARAMETERS.calibration.reviewShares);
    const within = candidates.filter((c) => c.phraseEce <= DEFAULT_PARAMETERS.calibration.maxPhraseEce);
    const chosen = within[0] ?? candidates[candidates.length - 1];
    expect(reviewShare).toBe(chosen?.reviewShare);
    expect(training.classifier.calibration).toEqual({ scale: chosen?.scale, offset: chosen?.offset });
  });
});

describe("cross-validation with everyday sentences", () => {
  let training: TrainingResult;

  beforeAll(() => {
    const dir = tinyTrainingData();
    addTinyEverydaySentences(dir);
    const prepared = prepare(dir, () => undefined);
    training = train(prepared.train, { ...DEFAULT_PARAMETERS, kindWeightGrid: [DEFAULT_PARAMETERS.kindWeights] }, () => undefined);
  }, 120_000);

  it("spreads them over the folds by topic: no topic becomes a held-out domain", () => {
    expect(training.heldOutDomains).toEqual(["books", "dvd", "electronics", "kitchen"]);
  });

  it("leaves the sentences about a left-out domain's products out with it", () => {
    const dir = tinyTrainingData();
    addTinyEverydaySentences(dir);
    const topics = (withoutDomains: string[]) => new Set(prepare(dir, () => undefined, undefined, withoutDomains).train.filter((r) => r.kind === "everyday").map((r) => r.domain));
    expect(topics([]).has("kettle")).toBe(true);
    expect(topics(["kitchen"]).has("kettle")).toBe(false);
    expect(topics(["kitchen"]).has("plumber")).toBe(true);
  });

  it("refuses a grid whose entries weigh them differently, since the criterion cannot choose their weight", () => {
    const prepared = prepare(tinyTrainingData(), () => undefined);
    const grid = [DEFAULT_PARAMETERS.kindWeights, { ...DEFAULT_PARAMETERS.kindWeights, everyday: 2 }];
    expect(() => train(prepared.train, { ...DEFAULT_PARAMETERS, kindWeightGrid: grid }, () => undefined)).toThrow("every kindWeightGrid entry must give everyday sentences the same weight");
  });

  it("reports their out-of-fold accuracy and calibration, but chooses on film phrases, titles and sentences alone", () => {
    const { byKind, accuracy } = training.chosen;
    expect(byKind.everyday).toBeGreaterThan(0);
    expect(accuracy).toBeCloseTo(((byKind.phrase ?? 0) + (byKind.title ?? 0) + (byKind.sentence ?? 0)) / 3, 12);
    expect(Object.keys(training.calibrationFit.byKind).sort()).toEqual(["everyday", "phrase", "sentence", "title"]);
  });
});
