// The everyday sentences written apart from everything else (everyday-dev.tsv, everyday-test.tsv):
// short reviews of hotels, deliveries, support lines, trades and gadgets, in the corpus format.
// No model is fitted on them (everyday.test.ts); the dev split may guide a choice, the test split
// is reported only.
import { resolve } from "node:path";
import { readCorpusFile, type CorpusRow } from "../src/data/corpus.js";

export const EVERYDAY_SPLITS = ["dev", "test"] as const;
export type EverydaySplit = (typeof EVERYDAY_SPLITS)[number];

export function everydayEvaluationPath(split: EverydaySplit): string {
  return resolve(import.meta.dirname, `everyday-${split}.tsv`);
}

export function everydayEvaluationRows(split: EverydaySplit): CorpusRow[] {
  return readCorpusFile(everydayEvaluationPath(split)).rows;
}
