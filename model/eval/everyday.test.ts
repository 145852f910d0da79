import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readCorpusFile } from "../src/data/corpus.js";
import { EVERYDAY_SENTENCES_FILE } from "../src/data/everyday-sentences.js";
import { DATA_FILES } from "../src/data/prepare-data.js";
import { DEFAULT_PARAMETERS, fittingExamples, readOtherDomains } from "../src/pipeline.js";
import { isSuiteText, naturalSentences } from "./behaviour.js";
import { EVERYDAY_SPLITS as SPLITS, everydayEvaluationRows as rowsOf } from "./everyday.js";

// The fresh everyday sentences measure a model on text nothing in the project was built from:
// they stay that only while no training text, suite text or smoke-set text is one of them.
const key = (text: string) => text.toLowerCase().replace(/[.!?\s]+$/, "");
const dataDir = resolve(import.meta.dirname, "../data");
const smokeTexts = () => readOtherDomains(resolve(import.meta.dirname, "other-domains.tsv")).map((r) => r.text);

describe("the fresh everyday sentences", () => {
  it.each(SPLITS)("%s: about 100 review sentences, 45 to 55 % of them positive", (split) => {
    const rows = rowsOf(split);
    expect(rows.length).toBeGreaterThanOrEqual(95);
    const positive = rows.filter((r) => r.label === 1).length / rows.length;
    expect(positive).toBeGreaterThanOrEqual(0.45);
    expect(positive).toBeLessThanOrEqual(0.55);
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(["sentence"]));
  });

  it("the two splits share no sentence, and no sentence repeats within one", () => {
    const texts = SPLITS.flatMap((split) => rowsOf(split).map((r) => key(r.text)));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it("no sentence is a text any model is fitted on, in either spelling or end punctuation", { timeout: 30_000 }, () => {
    const rows = [...Object.values(DATA_FILES), EVERYDAY_SENTENCES_FILE].flatMap((name) => readCorpusFile(join(dataDir, name)).rows);
    const fitted = new Set([...fittingExamples(rows, DEFAULT_PARAMETERS).texts, ...rows.map((r) => r.text)].map(key));
    const overlap = SPLITS.flatMap((split) => rowsOf(split).map((r) => r.text)).filter((text) => fitted.has(key(text)));
    expect(overlap).toEqual([]);
  });

  it("no sentence is one the behavioural suite or the training run's smoke set reads", () => {
    const smoke = new Set(smokeTexts().map(key));
    const texts = SPLITS.flatMap((split) => rowsOf(split).map((r) => r.text));
    expect(texts.filter((text) => isSuiteText(text) || smoke.has(key(text)))).toEqual([]);
  });
});

// The everyday sentences written for training (model/data) came from writers who read none of the
// evaluation sets; any that came close to one anyway were left out, so that the sets keep measuring
// language the model has not been taught sentence by sentence.
const words = (text: string) => text.toLowerCase().replace(/\u2019/g, "'").match(/[a-z0-9']+/g) ?? [];
const runsOfFour = (w: string[]) => new Set(w.slice(3).map((_, i) => w.slice(i, i + 4).join(" ")));

interface Shape {
  runs: Set<string>;
  words: Set<string>;
}
const shapeOf = (text: string): Shape => ({ runs: runsOfFour(words(text)), words: new Set(words(text)) });

/** Four words in a row in common, or 40 % or more of their distinct words. */
function tooClose(a: Shape, b: Shape): boolean {
  for (const run of a.runs) if (b.runs.has(run)) return true;
  let shared = 0;
  for (const w of a.words) if (b.words.has(w)) shared += 1;
  return shared / (a.words.size + b.words.size - shared) >= 0.4;
}

describe("the everyday sentences written for training", () => {
  const training = readCorpusFile(join(dataDir, EVERYDAY_SENTENCES_FILE)).rows;

  it("tells close sentences from merely similar ones", () => {
    const close = (a: string, b: string) => tooClose(shapeOf(a), shapeOf(b));
    expect(close("Does exactly what it says on the tin.", "This kettle does exactly what it says, no fuss.")).toBe(true);
    expect(close("The room was spotless.", "The room was tiny and spotless.")).toBe(true);
    expect(close("The courier left my parcel in the rain.", "The hotel room smelt of damp all week.")).toBe(false);
  });

  it("come close to no sentence an evaluation set reads: the everyday splits, the suite's natural sentences, the smoke set", { timeout: 30_000 }, () => {
    const evaluation = [...SPLITS.flatMap((split) => rowsOf(split).map((r) => r.text)), ...(["dev", "test"] as const).flatMap((split) => naturalSentences(split).map((n) => n.text)), ...smokeTexts()];
    const shapes = evaluation.map((text) => ({ text, shape: shapeOf(text) }));
    const close = training.flatMap((r) => {
      const shape = shapeOf(r.text);
      return shapes.filter((e) => tooClose(shape, e.shape)).map((e) => `${r.text} ~ ${e.text}`);
    });
    expect(close).toEqual([]);
  });

  it("hold no text the behavioural suite reads", () => {
    expect(training.filter((r) => isSuiteText(r.text)).map((r) => r.text)).toEqual([]);
  });
});
