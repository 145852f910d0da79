import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readCorpusFile } from "../src/data/corpus.js";
import { DATA_FILES } from "../src/data/prepare-data.js";
import { DEFAULT_PARAMETERS, fittingExamples } from "../src/pipeline.js";
import { isSuiteText } from "./behaviour.js";

// The fresh everyday sentences measure a model on text nothing in the project was built from:
// they stay that only while no training text, suite text or smoke-set text is one of them.
const SPLITS = ["dev", "test"] as const;
const rowsOf = (split: (typeof SPLITS)[number]) => readCorpusFile(resolve(import.meta.dirname, `everyday-${split}.tsv`)).rows;
const key = (text: string) => text.toLowerCase().replace(/[.!?\s]+$/, "");

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

  it("no sentence is a text any model is fitted on, in either spelling or end punctuation", () => {
    const dataDir = resolve(import.meta.dirname, "../data");
    const rows = Object.values(DATA_FILES).flatMap((name) => readCorpusFile(join(dataDir, name)).rows);
    const fitted = new Set([...fittingExamples(rows, DEFAULT_PARAMETERS).texts, ...rows.map((r) => r.text)].map(key));
    const overlap = SPLITS.flatMap((split) => rowsOf(split).map((r) => r.text)).filter((text) => fitted.has(key(text)));
    expect(overlap).toEqual([]);
  });

  it("no sentence is one the behavioural suite or the training run's smoke set reads", () => {
    const smoke = new Set(readFileSync(resolve(import.meta.dirname, "other-domains.tsv"), "utf8").split("\n").slice(1).map((line) => key(line.split("\t")[0] ?? "")));
    const texts = SPLITS.flatMap((split) => rowsOf(split).map((r) => r.text));
    expect(texts.filter((text) => isSuiteText(text) || smoke.has(key(text)))).toEqual([]);
  });
});
