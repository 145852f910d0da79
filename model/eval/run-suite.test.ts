import { describe, expect, it } from "vitest";
import { generateCases, naturalSentences, PredictionError, runCases, runSuite, type NaturalSentence, type TemplateCase } from "./behaviour.js";

/**
 * A deliberately naive scorer: counts lower-case opinion words, ignores negation and is
 * case-sensitive, so each of its failures below can be worked out by hand.
 */
function keywordProbability(text: string): number {
  const words = text.split(/[^A-Za-z]+/);
  const score = words.filter((w) => ["good", "great", "love"].includes(w)).length - words.filter((w) => ["bad", "awful"].includes(w)).length;
  return 0.5 + 0.2 * Math.max(-2, Math.min(2, score));
}
const keywordPredict = (texts: string[]) => texts.map(keywordProbability);

const mft = (id: string, template: string, text: string, expected: 0 | 1): TemplateCase => ({ id, template, capability: "negation", testType: "MFT", text, expected });
const inv = (id: string, base: string, variant: string): TemplateCase => ({ id, template: "robust", capability: "robustness", testType: "INV", base, variant });
const dir = (id: string, direction: "up" | "down", base: string, variant: string): TemplateCase => ({ id, template: "appended", capability: "appended-opinion", testType: "DIR", direction, base, variant });

const CASES: TemplateCase[] = [
  mft("n1", "neg-a", "The soup was good.", 1), // 0.7: right
  mft("n2", "neg-a", "The soup was not good.", 0), // 0.7: wrong
  mft("n3", "neg-b", "The soup was bad.", 0), // 0.3: right
  mft("n4", "neg-b", "The soup was not bad.", 1), // 0.3: wrong
  inv("r1", "The soup was good.", "THE SOUP WAS GOOD."), // 0.7 vs 0.5: label flips
  inv("r2", "The soup was good.", "The soup was good!!!"), // 0.7 vs 0.7
  inv("r3", "The soup was bad.", "THE SOUP WAS BAD."), // 0.3 vs 0.5: both negative
  dir("a1", "up", "The soup was bad.", "The soup was bad. I love it."), // 0.3 -> 0.5: up
  dir("a2", "down", "The soup was good.", "The soup was good. Great, just great."), // 0.7 -> 0.9: wrong way by 0.2
  dir("a3", "down", "The soup was good.", "The soup was good. Awful service."), // 0.7 -> 0.7: no move
];
const NATURAL: NaturalSentence[] = [
  { id: "products-1", domain: "products", text: "I love this kettle.", expected: 1 }, // 0.7: right
  { id: "films-1", domain: "films", text: "Not a good film.", expected: 0 }, // 0.7: wrong
  { id: "films-2", domain: "films", text: "An awful film.", expected: 0 }, // 0.3: right
];
const SUITE = { split: "hand-made", cases: CASES, natural: NATURAL };

describe("scoring a hand-checked suite with a keyword predictor", () => {
  it("counts MFT failures as wrong labels", async () => {
    const result = await runCases(keywordPredict, SUITE);
    expect(result.capabilities.find((c) => c.capability === "negation")).toMatchObject({ cases: 4, failures: 2, failureRate: 0.5 });
  });

  it("counts INV failures as label changes, whether or not the labels are right", async () => {
    const result = await runCases(keywordPredict, SUITE);
    const robustness = result.capabilities.find((c) => c.capability === "robustness");
    expect(robustness).toMatchObject({ cases: 3, failures: 1, failureRate: 1 / 3 });
    expect(robustness?.examples.map((e) => e.id)).toEqual(["r1"]);
  });

  it("counts DIR failures as moves against the direction beyond the tolerance (0 by default)", async () => {
    const strict = await runCases(keywordPredict, SUITE);
    expect(strict.dirTolerance).toBe(0);
    expect(strict.capabilities.find((c) => c.capability === "appended-opinion")).toMatchObject({ cases: 3, failures: 1, failureRate: 1 / 3 });
    const lenient = await runCases(keywordPredict, SUITE, { dirTolerance: 0.25 });
    expect(lenient.capabilities.find((c) => c.capability === "appended-opinion")).toMatchObject({ failures: 0, failureRate: 0 });
  });

  it("reports the rates by capability, by test type and overall, capabilities in their fixed order", async () => {
    const result = await runCases(keywordPredict, SUITE);
    expect(result.capabilities.map((c) => [c.capability, c.byTestType.map((t) => [t.testType, t.cases, t.failures])])).toEqual([
      ["negation", [["MFT", 4, 2]]],
      ["robustness", [["INV", 3, 1]]],
      ["appended-opinion", [["DIR", 3, 1]]],
    ]);
    expect(result.overall).toEqual({ cases: 10, failures: 4, failureRate: 0.4 });
  });

  it("reports natural accuracy overall and per domain, with the misses", async () => {
    const { natural } = await runCases(keywordPredict, SUITE);
    expect(natural).toMatchObject({ count: 3, correct: 2, accuracy: 2 / 3 });
    expect(natural.byDomain).toEqual([
      { domain: "products", count: 1, correct: 1, accuracy: 1 },
      { domain: "films", count: 2, correct: 1, accuracy: 0.5 },
    ]);
    expect(natural.examples).toEqual([{ id: "films-1", domain: "films", text: "Not a good film.", expected: 0, probability: 0.7 }]);
  });

  it("shows each failure with the probabilities that caused it", async () => {
    const result = await runCases(keywordPredict, SUITE);
    expect(result.capabilities.flatMap((c) => c.examples)).toEqual([
      { id: "n2", template: "neg-a", testType: "MFT", text: "The soup was not good.", expected: 0, probability: 0.7 },
      { id: "n4", template: "neg-b", testType: "MFT", text: "The soup was not bad.", expected: 1, probability: keywordProbability("The soup was not bad.") },
      { id: "r1", template: "robust", testType: "INV", base: "The soup was good.", variant: "THE SOUP WAS GOOD.", baseProbability: 0.7, variantProbability: 0.5 },
      { id: "a2", template: "appended", testType: "DIR", direction: "down", base: "The soup was good.", variant: "The soup was good. Great, just great.", baseProbability: 0.7, variantProbability: keywordProbability("The soup was good. Great, just great.") },
    ]);
  });
});

describe("runCases", () => {
  it("keeps at most five examples per capability, taken in turn from each failing template", async () => {
    const cases = ["a", "b", "c"].flatMap((t) => [1, 2, 3, 4].map((n) => mft(`${t}${n}`, t, `text ${t}${n}`, 0)));
    const result = await runCases(() => cases.map(() => 0.9), { split: "x", cases, natural: [] });
    expect(result.capabilities[0]).toMatchObject({ cases: 12, failures: 12 });
    expect(result.capabilities[0]?.examples.map((e) => e.id)).toEqual(["a1", "b1", "c1", "a2", "b2"]);
  });

  it("asks for every distinct text once, in batches no larger than asked", async () => {
    const batches: string[][] = [];
    await runCases(
      (texts) => {
        batches.push(texts);
        return keywordPredict(texts);
      },
      SUITE,
      { batchSize: 4 },
    );
    const asked = batches.flat();
    expect(batches.every((b) => b.length <= 4)).toBe(true);
    expect(new Set(asked).size).toBe(asked.length);
    expect(new Set(asked)).toEqual(new Set([...CASES.flatMap((c) => (c.testType === "MFT" ? [c.text] : [c.base, c.variant])), ...NATURAL.map((s) => s.text)]));
  });

  it("accepts synchronous and asynchronous predictors, arrays and Float32Arrays alike", async () => {
    const fromArray = await runCases(keywordPredict, SUITE);
    const fromPromise = await runCases(async (texts) => Float32Array.from(keywordPredict(texts)), SUITE);
    expect(fromPromise.capabilities.map((c) => c.failures)).toEqual(fromArray.capabilities.map((c) => c.failures));
    expect(fromPromise.natural.correct).toBe(fromArray.natural.correct);
  });

  it("refuses a predictor that returns the wrong number of probabilities or values outside [0, 1]", async () => {
    await expect(runCases((texts) => texts.slice(1).map(() => 0.5), SUITE)).rejects.toThrow(PredictionError);
    await expect(runCases((texts) => texts.map(() => Number.NaN), SUITE)).rejects.toThrow(/must lie in \[0, 1\]/);
    await expect(runCases((texts) => texts.map(() => 1.5), SUITE)).rejects.toMatchObject({ code: "PREDICTION_INVALID" });
  });
});

describe("runSuite on the test split", () => {
  it("with a predictor that always says 0.9, fails exactly the negative MFT cases and no INV or DIR case", async () => {
    const cases = generateCases("test");
    const natural = naturalSentences("test");
    const result = await runSuite((texts) => texts.map(() => 0.9), "test");
    for (const c of result.capabilities) {
      const negatives = cases.filter((x) => x.capability === c.capability && x.testType === "MFT" && x.expected === 0).length;
      expect(c.failures, c.capability).toBe(negatives);
    }
    expect(result.natural.accuracy).toBe(natural.filter((s) => s.expected === 1).length / natural.length);
  });

  it("gives the same result for the same predictor", async () => {
    expect(await runSuite(keywordPredict, "test")).toEqual(await runSuite(keywordPredict, "test"));
  });
});
