// `npm run model:compare -- CURRENT.onnx CANDIDATE.onnx [--data DIR] [--feedback FILE|DIR]
//   [--test-file FILE]... [--report FILE.html] [--max-accuracy-loss 0.005] [--max-failure-rise 0.02] [--max-slowdown 1.5] [--min-texts 5]`
// The gate before a rollout: both models in onnxruntime-node, side by side on the film test
// split, the review test split, the behavioural suite by capability (test split), held-out
// feedback (with --feedback), any labelled file of the user's (--test-file) and time per text.
// Exit 0 when the candidate loses no more than the margins anywhere, 1 when it does (naming
// where), 2 on a bad argument or a model that will not load. --report writes the same table as a page.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as ort from "onnxruntime-node";
import { DECISION_THRESHOLD, PredictionError, runSuite, SuiteDataError, type SuiteResult } from "../../eval/behaviour.js";
import { INPUT_TEXT, OUTPUT_NAMES, OUTPUT_PROBABILITIES, POSITIVE_COLUMN } from "../contract/index.js";
import { readCorpusFile, type CorpusRow } from "../data/corpus.js";
import { readFeedbackData, type FeedbackRow } from "../data/feedback-file.js";
import { DataFileError } from "../data/phrase-file.js";
import { DATA_FILES } from "../data/prepare-data.js";
import { compareMeasures, comparisonVerdict, DEFAULT_COMPARE_MARGINS, renderComparison, type CompareMargins, type Measure } from "../evaluation/compare.js";
import { renderComparisonReport } from "../evaluation/report.js";

const USAGE = `usage: npm run model:compare -- CURRENT.onnx CANDIDATE.onnx [options]

  --data DIR                 the data with the test splits (default: SENTIMENT_DATA_DIR, else model/data)
  --feedback FILE|DIR        also compare on the held-out part of this feedback (as npm run train holds it out)
  --test-file FILE           also compare on every row of FILE (the data's TSV format, e.g. a domain's own
                             labelled texts that neither model trained on); repeatable
  --report FILE.html         also write the table as an HTML page
  --max-accuracy-loss X      accuracy the candidate may lose on any split, 0 to 1 (default ${DEFAULT_COMPARE_MARGINS.accuracy})
  --max-failure-rise X       failure rate it may add on any capability, 0 to 1 (default ${DEFAULT_COMPARE_MARGINS.failureRate})
  --max-slowdown X           times the current's time per text it may take (default ${DEFAULT_COMPARE_MARGINS.slowdown})
  --min-texts N              fewest texts of a set a loss must amount to before it counts, the whole set when
                             smaller (default ${DEFAULT_COMPARE_MARGINS.minTexts}: one sentence of 240 is 0.42 point)

exit status: 0 the candidate passes every margin, 1 it loses somewhere, 2 bad arguments`;

class UsageError extends Error {}

const modelDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BATCH = 256;

interface Model {
  path: string;
  sha256: string;
  session: ort.InferenceSession;
}

async function load(path: string): Promise<Model> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read the model ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "all" });
  } catch (error) {
    throw new UsageError(`onnxruntime cannot load ${path}: ${(error as Error).message}`);
  }
  // A graph of another contract would fail half-way through the comparison with a stack.
  const missing = [...OUTPUT_NAMES.filter((name) => !session.outputNames.includes(name)), ...(session.inputNames.includes(INPUT_TEXT) ? [] : [`input ${INPUT_TEXT}`])];
  if (missing.length > 0) {
    await session.release();
    throw new UsageError(`${path} is not a sentiment model of this project: it lacks ${missing.join(", ")}`);
  }
  return { path, sha256: createHash("sha256").update(bytes).digest("hex"), session };
}

async function positive(model: Model, texts: readonly string[]): Promise<Float32Array> {
  const out = new Float32Array(texts.length);
  for (let start = 0; start < texts.length; start += BATCH) {
    const batch = texts.slice(start, start + BATCH);
    const result = await model.session.run({ [INPUT_TEXT]: new ort.Tensor("string", batch, [batch.length]) }, [OUTPUT_PROBABILITIES]);
    const probabilities = result[OUTPUT_PROBABILITIES];
    if (!probabilities || probabilities.dims.join(",") !== `${batch.length},2`) throw new PredictionError(`${model.path} does not output "${OUTPUT_PROBABILITIES}" of shape [n, 2]`);
    const data = probabilities.data as Float32Array;
    batch.forEach((_, i) => (out[start + i] = data[2 * i + POSITIVE_COLUMN] as number));
  }
  return out;
}

async function accuracy(name: string, rows: ReadonlyArray<CorpusRow | FeedbackRow>, models: [Model, Model]): Promise<Measure> {
  const texts = rows.map((r) => r.text);
  const [current, candidate] = await Promise.all(models.map(async (m) => {
    const p = await positive(m, texts);
    return rows.filter((r, i) => ((p[i] as number) > DECISION_THRESHOLD ? 1 : 0) === r.label).length / Math.max(rows.length, 1);
  })) as [number, number];
  return { kind: "accuracy", name, current, candidate, count: rows.length };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Time per text at batch 1 and 32, the two models taking turns round by round so a busy machine slows both alike. */
async function speed(texts: readonly string[], models: [Model, Model]): Promise<Measure[]> {
  const measures: Measure[] = [];
  for (const [batchSize, calls] of [[1, 300], [32, 30]] as const) {
    const feeds: Array<Record<string, ort.Tensor>> = [];
    for (let start = 0; start + batchSize <= texts.length && feeds.length < 50; start += batchSize) {
      const batch = texts.slice(start, start + batchSize);
      feeds.push({ [INPUT_TEXT]: new ort.Tensor("string", batch, [batch.length]) });
    }
    for (const m of models) for (const feed of feeds.slice(0, 10)) await m.session.run(feed, [OUTPUT_PROBABILITIES]);
    const rounds: [number[], number[]] = [[], []];
    for (let round = 0; round < 5; round += 1) {
      for (const [k, m] of models.entries()) {
        const started = performance.now();
        for (let i = 0; i < calls; i += 1) await m.session.run(feeds[i % feeds.length] as Record<string, ort.Tensor>, [OUTPUT_PROBABILITIES]);
        rounds[k]?.push(((performance.now() - started) * 1000) / calls / batchSize);
      }
    }
    measures.push({ kind: "timePerText", name: `time per text, batch ${batchSize} (median of 5 rounds)`, current: median(rounds[0]), candidate: median(rounds[1]) });
  }
  return measures;
}

function margin(value: string | undefined, fallback: number, flag: string, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(Number.isFinite(n) && n >= 0 && n <= max)) throw new UsageError(`${flag} must be a number from 0 to ${max}, not "${value}"`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: "string", default: process.env.SENTIMENT_DATA_DIR ?? join(modelDir, "data") },
        feedback: { type: "string" },
        "test-file": { type: "string", multiple: true },
        report: { type: "string" },
        "max-accuracy-loss": { type: "string" },
        "max-failure-rise": { type: "string" },
        "max-slowdown": { type: "string" },
        "min-texts": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError(`expected two models, CURRENT.onnx and CANDIDATE.onnx; got ${positionals.length}`);
  const margins: CompareMargins = {
    accuracy: margin(values["max-accuracy-loss"], DEFAULT_COMPARE_MARGINS.accuracy, "--max-accuracy-loss", 1),
    failureRate: margin(values["max-failure-rise"], DEFAULT_COMPARE_MARGINS.failureRate, "--max-failure-rise", 1),
    slowdown: margin(values["max-slowdown"], DEFAULT_COMPARE_MARGINS.slowdown, "--max-slowdown", Number.MAX_VALUE),
    minTexts: Math.max(1, Math.round(margin(values["min-texts"], DEFAULT_COMPARE_MARGINS.minTexts, "--min-texts", 1_000_000))),
  };
  const data = values.data as string;
  const filmTest = readCorpusFile(join(data, DATA_FILES.filmTest)).rows;
  const reviewTest = readCorpusFile(join(data, DATA_FILES.reviewsTest)).rows;
  const feedback = values.feedback === undefined ? undefined : readFeedbackData(values.feedback).heldOut;
  const report = values.report === undefined ? undefined : resolve(values.report);
  if (report !== undefined && !existsSync(dirname(report))) throw new UsageError(`--report ${values.report}: the folder ${dirname(report)} does not exist`);
  if (report !== undefined && existsSync(report) && statSync(report).isDirectory()) throw new UsageError(`--report ${values.report} is a folder: give the page's file name, e.g. ${join(values.report as string, "compare.html")}`);
  const testFiles = (values["test-file"] ?? []).map((path) => ({ name: basename(path), rows: readCorpusFile(path).rows }));
  const models = [await load(resolve(positionals[0] as string)), await load(resolve(positionals[1] as string))] as [Model, Model];
  try {
    console.log(`current   ${models[0].path} (sha256 ${models[0].sha256.slice(0, 12)})`);
    console.log(`candidate ${models[1].path} (sha256 ${models[1].sha256.slice(0, 12)})\n`);
    const measures: Measure[] = [await accuracy("film test split", filmTest, models), await accuracy("review test split", reviewTest, models)];
    if (feedback) measures.push(await accuracy("held-out feedback", feedback, models));
    for (const file of testFiles) measures.push(await accuracy(file.name, file.rows, models));
    const suites = (await Promise.all(models.map((m) => runSuite((texts) => positive(m, texts), "test")))) as [SuiteResult, SuiteResult];
    measures.push({ kind: "accuracy", name: "behavioural suite: natural sentences", current: suites[0].natural.accuracy, candidate: suites[1].natural.accuracy, count: suites[0].natural.count });
    for (const capability of suites[0].capabilities) {
      const other = suites[1].capabilities.find((c) => c.capability === capability.capability);
      if (!other) continue;
      measures.push({ kind: "failureRate", name: `behavioural suite: ${capability.capability}`, current: capability.failureRate, candidate: other.failureRate, count: capability.cases });
    }
    measures.push(...(await speed(filmTest.map((r) => r.text), models)));
    const rows = compareMeasures(measures, margins);
    console.log(renderComparison(rows, margins));
    const notes = feedback?.length === 0 ? ["(the feedback has no held-out texts: nothing to compare there)"] : [];
    for (const note of notes) console.log(`\n${note}`);
    console.log(`\n${comparisonVerdict(rows)}`);
    if (report !== undefined) {
      // Under a temporary name first, so a reader never finds half a page.
      writeFileSync(`${report}.tmp-${process.pid}`, renderComparisonReport({ current: models[0], candidate: models[1] }, rows, margins, notes));
      renameSync(`${report}.tmp-${process.pid}`, report);
      console.log(`wrote ${report}`);
    }
    return rows.some((r) => r.loses) ? 1 : 0;
  } finally {
    for (const m of models) await m.session.release();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`model:compare: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (error instanceof DataFileError || error instanceof SuiteDataError || error instanceof PredictionError) {
    console.error(`model:compare: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
