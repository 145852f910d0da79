// `npm run train [-- --data DIR --out DIR --stage prepare|all --feedback FILE|DIR --feedback-weight W
//   --without-domain D --quick]`:
// the whole training pipeline. The data is the project's own (model/data); --data or
// SENTIMENT_DATA_DIR names another folder with the same four files (and, if it has one, the
// everyday sentences: without them the run trains a different model). --feedback adds files written
// by `npm run feedback:export`: a fixed part of their texts trains at --feedback-weight (default
// DEFAULT_FEEDBACK_WEIGHT), the rest is held out and reported apart (docs/model.md).
// --without-domain (repeatable) trains without a review domain's training rows, to measure what a
// domain the model never saw costs and what feedback from it gives back; --quick is the smaller,
// faster configuration below, for tests and trials.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DataFileError } from "../data/phrase-file.js";
import { REVIEW_DOMAINS } from "../data/prepare-data.js";
import { DEFAULT_FEEDBACK_WEIGHT, DEFAULT_PARAMETERS, evaluate, exportArtifacts, leaveOneDomainOut, prepare, train, type PipelineParameters } from "../pipeline.js";

const modelDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const committedArtifacts = join(modelDir, "artifacts");

class UsageError extends Error {}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        data: { type: "string", default: process.env.SENTIMENT_DATA_DIR ?? join(modelDir, "data") },
        out: { type: "string" },
        stage: { type: "string", default: "all" },
        feedback: { type: "string" },
        "feedback-weight": { type: "string" },
        "without-domain": { type: "string", multiple: true },
        quick: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * --quick: review sentences left out (kind weight 0; they are 48k of the 71k training rows, the
 * costliest to fit and the least trusted), film phrases, titles and everyday sentences at weight 1
 * without a choice between weights (the calibration still fits on the domain folds' out-of-fold
 * scores; 2 folds only for data with fewer than two review domains) and no leave-one-domain-out:
 * 5 fits on the rows left instead of 17 (about half a minute on a quiet two-core machine, not 7.5
 * minutes). Recorded in the manifest's parameters like any other; not a model to serve.
 */
const QUICK_KIND_WEIGHTS = { phrase: 1, title: 1, sentence: 0, everyday: 1 };
const QUICK: Partial<PipelineParameters> = { kindWeights: QUICK_KIND_WEIGHTS, kindWeightGrid: [QUICK_KIND_WEIGHTS], folds: 2 };

function withoutDomains(values: ReturnType<typeof parseOptions>): string[] {
  const domains = [...new Set(values["without-domain"] ?? [])].sort();
  const known: readonly string[] = REVIEW_DOMAINS;
  for (const d of domains) if (!known.includes(d)) throw new UsageError(`--without-domain must name a review domain (${REVIEW_DOMAINS.join(", ")}), found "${d}"`);
  if (domains.length === known.length) throw new UsageError("--without-domain cannot leave out every review domain");
  return domains;
}

function feedbackWeight(values: ReturnType<typeof parseOptions>): number | undefined {
  if (values.feedback === undefined) {
    if (values["feedback-weight"] !== undefined) throw new UsageError("--feedback-weight needs --feedback FILE|DIR");
    return undefined;
  }
  const weight = Number(values["feedback-weight"] ?? DEFAULT_FEEDBACK_WEIGHT);
  if (!(Number.isFinite(weight) && weight > 0)) throw new UsageError(`--feedback-weight must be a number above 0, found "${values["feedback-weight"]}"`);
  return weight;
}

const started = Date.now();
const progress = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);

try {
  const values = parseOptions();
  if (values.stage !== "all" && values.stage !== "prepare") throw new UsageError(`--stage must be prepare or all, found "${values.stage}"`);
  // A quick model is for trials and tests: it never replaces the committed model by default.
  if (values.quick && values.out === undefined) throw new UsageError("--quick writes a model for trials, not the committed one: give --out DIR");
  const out = values.out ?? committedArtifacts;
  const weight = feedbackWeight(values);
  const leftOut = withoutDomains(values);
  if (leftOut.length > 0 && values.out === undefined) throw new UsageError("--without-domain writes a model for trials, not the committed one: give --out DIR");
  progress(`prepare: reading ${values.data}${values.feedback === undefined ? "" : ` and the feedback in ${values.feedback}`}`);
  const prepared = prepare(values.data as string, progress, values.feedback, leftOut);
  if (values.stage === "prepare") process.exit(0);
  // Each addition only when asked for, so a default run keeps the parameters (and bytes) it had.
  const parameters: PipelineParameters = {
    ...DEFAULT_PARAMETERS,
    ...(values.quick ? QUICK : {}),
    ...(weight === undefined ? {} : { feedbackWeight: weight }),
    ...(leftOut.length === 0 ? {} : { withoutDomains: leftOut }),
  };
  progress(`train${values.quick ? " (--quick)" : ""}: grouped cross-validation, calibration, then the final fit`);
  const training = train(prepared.train, parameters, progress, prepared.feedback?.train);
  if (!values.quick) progress("leave-one-domain-out: one fit without each review domain");
  const holdOuts = values.quick ? [] : leaveOneDomainOut(prepared, training, progress);
  progress("evaluate: test splits, the behavioural suite and the other-domain smoke set");
  const evaluation = await evaluate(training.classifier, prepared, join(modelDir, "eval/other-domains.tsv"), training, holdOuts);
  progress(`film test accuracy ${evaluation.test.accuracy.toFixed(4)}, ECE ${evaluation.test.expectedCalibrationError.toFixed(4)}; review test ${evaluation.reviewTest.all.accuracy.toFixed(4)}; natural sentences (test) ${evaluation.behaviour.test.natural.accuracy.toFixed(4)}`);
  if (evaluation.feedback) progress(`held-out feedback accuracy ${evaluation.feedback.heldOut.accuracy.toFixed(4)} (${evaluation.feedback.heldOut.count} texts; ${evaluation.feedback.trainRows} trained at weight ${weight})`);
  progress("export: ONNX graph, manifest, metrics, report");
  const exported = exportArtifacts(out, prepared, training, evaluation);
  progress(`wrote ${exported.modelPath} (${(exported.manifest.artifact as { bytes: number }).bytes} bytes, version ${exported.manifest.version as string})`);
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`training stopped, nothing written: ${error.message}`);
    process.exit(2);
  }
  if (error instanceof DataFileError) {
    console.error(`training stopped, nothing written: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
