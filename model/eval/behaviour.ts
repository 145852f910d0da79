// The behavioural test suite of the sentiment model: CheckList-style template cases
// (capability x MFT/INV/DIR) plus hand-written natural sentences, in two splits kept apart:
// `dev` for making model choices, `test` for reporting. See model/eval/README.md.
//
// Scoring rules (the same for every model):
// - a text is predicted positive when P(positive) > 0.5;
// - MFT fails when the predicted label differs from the expected one;
// - INV fails when base and variant get different predicted labels (right or wrong);
// - DIR fails when P(positive) of the variant moves against the stated direction by more than
//   the tolerance (default 0: no move at all passes, any move the wrong way fails).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { parseNaturalSentences, type NaturalSentence } from "./natural-sentences.js";
import {
  CAPABILITIES,
  expandTemplateFile,
  lexiconSchema,
  SuiteDataError,
  templateFileSchema,
  TEST_TYPES,
  type Capability,
  type Direction,
  type Domain,
  type Label,
  type TemplateCase,
  type TestType,
} from "./templates.js";

export { CAPABILITIES, DOMAINS, TEST_TYPES, SuiteDataError } from "./templates.js";
export type { Capability, Direction, DirCase, Domain, InvCase, Label, MftCase, TemplateCase, TestType } from "./templates.js";
export type { NaturalSentence } from "./natural-sentences.js";

export const SPLITS = ["dev", "test"] as const;
export type Split = (typeof SPLITS)[number];

export const DECISION_THRESHOLD = 0.5;
export const DEFAULT_DIR_TOLERANCE = 0;
export const MAX_EXAMPLES = 5;

const DATA_DIR = join(import.meta.dirname, "data");

export function splitFiles(split: Split): { lexicon: string; templates: string; natural: string } {
  if (!(SPLITS as readonly string[]).includes(split)) throw new SuiteDataError(`unknown split "${split}" (dev or test)`);
  const dir = join(DATA_DIR, split);
  return { lexicon: join(dir, "lexicon.json"), templates: join(dir, "templates.json"), natural: join(dir, "natural.tsv") };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new SuiteDataError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function parsed<S extends z.ZodTypeAny>(path: string, schema: S): z.infer<S> {
  const result = schema.safeParse(readJson(path));
  if (result.success) return result.data as z.infer<S>;
  const issue = result.error.issues[0];
  throw new SuiteDataError(`${path}: ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
}

/** The template cases of a split, in file order (same files, same cases, same order). */
export function generateCases(split: Split): TemplateCase[] {
  const files = splitFiles(split);
  return expandTemplateFile(parsed(files.templates, templateFileSchema), parsed(files.lexicon, lexiconSchema));
}

/** A text as the suite's overlap check compares it: case, spacing and final punctuation aside. */
const overlapKey = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim().replace(/[.!?…]+$/, "");

let suiteKeys: Set<string> | undefined;

/** Whether `text` is one the suite reads (either split: template cases, both sides of a pair,
 *  natural sentences). Generated training sentences are checked against it so that no text the
 *  suite judges is ever trained on, whatever the templates on either side come to produce. */
export function isSuiteText(text: string): boolean {
  if (!suiteKeys) {
    const keys = new Set<string>();
    for (const split of SPLITS) {
      for (const c of generateCases(split)) for (const t of c.testType === "MFT" ? [c.text] : [c.base, c.variant]) keys.add(overlapKey(t));
      for (const n of naturalSentences(split)) keys.add(overlapKey(n.text));
    }
    suiteKeys = keys;
  }
  return suiteKeys.has(overlapKey(text));
}

/** The hand-written natural sentences of a split, in file order. */
export function naturalSentences(split: Split): NaturalSentence[] {
  const path = splitFiles(split).natural;
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (error) {
    throw new SuiteDataError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  return parseNaturalSentences(source, path);
}

export type Predict = (texts: string[]) => Promise<Float32Array | number[]> | Float32Array | number[];

export class PredictionError extends Error {
  override name = "PredictionError";
  readonly code = "PREDICTION_INVALID";
}

export type FailureExample =
  | { id: string; template: string; testType: "MFT"; text: string; expected: Label; probability: number }
  | { id: string; template: string; testType: "INV"; base: string; variant: string; baseProbability: number; variantProbability: number }
  | { id: string; template: string; testType: "DIR"; base: string; variant: string; direction: Direction; baseProbability: number; variantProbability: number };

export interface Tally {
  cases: number;
  failures: number;
  failureRate: number;
}

export interface CapabilityResult extends Tally {
  capability: Capability;
  byTestType: Array<Tally & { testType: TestType }>;
  byTemplate: Array<Tally & { template: string; testType: TestType }>;
  /** up to MAX_EXAMPLES failures, taken in turn from each failing template */
  examples: FailureExample[];
}

export interface NaturalResult {
  count: number;
  correct: number;
  accuracy: number;
  byDomain: Array<{ domain: Domain; count: number; correct: number; accuracy: number }>;
  examples: Array<{ id: string; domain: Domain; text: string; expected: Label; probability: number }>;
}

export interface SuiteResult {
  split: string;
  threshold: number;
  dirTolerance: number;
  capabilities: CapabilityResult[];
  /** all template cases together */
  overall: Tally;
  natural: NaturalResult;
}

export interface RunOptions {
  /** how far P(positive) may move against a DIR case's direction and still pass */
  dirTolerance?: number;
  /** texts per call to `predict` */
  batchSize?: number;
}

const tally = (cases: number, failures: number): Tally => ({ cases, failures, failureRate: cases === 0 ? 0 : failures / cases });
const positive = (p: number): Label => (p > DECISION_THRESHOLD ? 1 : 0);

async function predictAll(predict: Predict, texts: string[], batchSize: number): Promise<Map<string, number>> {
  const unique = [...new Set(texts)];
  const scores = new Map<string, number>();
  for (let start = 0; start < unique.length; start += batchSize) {
    const batch = unique.slice(start, start + batchSize);
    const output = await predict(batch);
    if (output.length !== batch.length) throw new PredictionError(`predict returned ${output.length} probabilities for ${batch.length} texts`);
    batch.forEach((text, i) => {
      const p = output[i] as number;
      if (!(p >= 0 && p <= 1)) throw new PredictionError(`predict returned ${p} for "${text.slice(0, 60)}": probabilities must lie in [0, 1]`);
      scores.set(text, p);
    });
  }
  return scores;
}

function judge(c: TemplateCase, score: (text: string) => number, dirTolerance: number): FailureExample | undefined {
  if (c.testType === "MFT") {
    const probability = score(c.text);
    return positive(probability) === c.expected ? undefined : { id: c.id, template: c.template, testType: "MFT", text: c.text, expected: c.expected, probability };
  }
  const baseProbability = score(c.base);
  const variantProbability = score(c.variant);
  const pair = { id: c.id, template: c.template, base: c.base, variant: c.variant, baseProbability, variantProbability };
  if (c.testType === "INV") return positive(baseProbability) === positive(variantProbability) ? undefined : { ...pair, testType: "INV" };
  const move = (variantProbability - baseProbability) * (c.direction === "up" ? 1 : -1);
  return move >= -dirTolerance ? undefined : { ...pair, testType: "DIR", direction: c.direction };
}

/** Failures taken in turn from each template, so the examples show different patterns. */
function spreadExamples(failuresByTemplate: Map<string, FailureExample[]>): FailureExample[] {
  const examples: FailureExample[] = [];
  for (let round = 0; examples.length < MAX_EXAMPLES; round += 1) {
    let added = false;
    for (const failures of failuresByTemplate.values()) {
      const example = failures[round];
      if (example && examples.length < MAX_EXAMPLES) {
        examples.push(example);
        added = true;
      }
    }
    if (!added) break;
  }
  return examples;
}

function scoreCapability(capability: Capability, cases: TemplateCase[], failed: Map<string, FailureExample>): CapabilityResult {
  const byTemplate = new Map<string, { testType: TestType; cases: number; failures: FailureExample[] }>();
  for (const c of cases) {
    const entry = byTemplate.get(c.template) ?? { testType: c.testType, cases: 0, failures: [] };
    entry.cases += 1;
    const failure = failed.get(c.id);
    if (failure) entry.failures.push(failure);
    byTemplate.set(c.template, entry);
  }
  const failures = cases.filter((c) => failed.has(c.id)).length;
  return {
    capability,
    ...tally(cases.length, failures),
    byTestType: TEST_TYPES.flatMap((testType) => {
      const ofType = cases.filter((c) => c.testType === testType);
      return ofType.length === 0 ? [] : [{ testType, ...tally(ofType.length, ofType.filter((c) => failed.has(c.id)).length) }];
    }),
    byTemplate: [...byTemplate].map(([template, e]) => ({ template, testType: e.testType, ...tally(e.cases, e.failures.length) })),
    examples: spreadExamples(new Map([...byTemplate].map(([template, e]) => [template, e.failures]))),
  };
}

function scoreNatural(sentences: NaturalSentence[], score: (text: string) => number): NaturalResult {
  const judged = sentences.map((s) => ({ ...s, probability: score(s.text) })).map((s) => ({ ...s, right: positive(s.probability) === s.expected }));
  const domains = [...new Set(sentences.map((s) => s.domain))];
  const correct = judged.filter((s) => s.right).length;
  return {
    count: sentences.length,
    correct,
    accuracy: sentences.length === 0 ? 0 : correct / sentences.length,
    byDomain: domains.map((domain) => {
      const inDomain = judged.filter((s) => s.domain === domain);
      const right = inDomain.filter((s) => s.right).length;
      return { domain, count: inDomain.length, correct: right, accuracy: right / inDomain.length };
    }),
    examples: judged
      .filter((s) => !s.right)
      .slice(0, MAX_EXAMPLES)
      .map(({ id, domain, text, expected, probability }) => ({ id, domain, text, expected, probability })),
  };
}

/** Scores any set of cases and sentences; `runSuite` is this on a split's files. */
export async function runCases(
  predict: Predict,
  suite: { split: string; cases: TemplateCase[]; natural: NaturalSentence[] },
  options: RunOptions = {},
): Promise<SuiteResult> {
  const dirTolerance = options.dirTolerance ?? DEFAULT_DIR_TOLERANCE;
  const texts = [...suite.cases.flatMap((c) => (c.testType === "MFT" ? [c.text] : [c.base, c.variant])), ...suite.natural.map((s) => s.text)];
  const scores = await predictAll(predict, texts, options.batchSize ?? 256);
  const score = (text: string) => scores.get(text) as number;
  const failed = new Map<string, FailureExample>();
  for (const c of suite.cases) {
    const failure = judge(c, score, dirTolerance);
    if (failure) failed.set(c.id, failure);
  }
  return {
    split: suite.split,
    threshold: DECISION_THRESHOLD,
    dirTolerance,
    capabilities: CAPABILITIES.flatMap((capability) => {
      const cases = suite.cases.filter((c) => c.capability === capability);
      return cases.length === 0 ? [] : [scoreCapability(capability, cases, failed)];
    }),
    overall: tally(suite.cases.length, failed.size),
    natural: scoreNatural(suite.natural, score),
  };
}

/** Runs the whole suite of a split: `predict` maps texts to P(positive), one per text, in order. */
export async function runSuite(predict: Predict, split: Split, options: RunOptions = {}): Promise<SuiteResult> {
  return runCases(predict, { split, cases: generateCases(split), natural: naturalSentences(split) }, options);
}
