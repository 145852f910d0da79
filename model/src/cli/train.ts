// `npm run train [-- --data DIR --out DIR --stage prepare|all]`: the whole training pipeline.
// The data is the project's own (model/data); --data or SENTIMENT_DATA_DIR names another
// folder with the same four files.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DataFileError } from "../data/phrase-file.js";
import { DEFAULT_PARAMETERS, evaluate, exportArtifacts, leaveOneDomainOut, prepare, train } from "../pipeline.js";

const modelDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({
  options: {
    data: { type: "string", default: process.env.SENTIMENT_DATA_DIR ?? join(modelDir, "data") },
    out: { type: "string", default: join(modelDir, "artifacts") },
    stage: { type: "string", default: "all" },
  },
});

const started = Date.now();
const progress = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);

try {
  progress(`prepare: reading ${values.data}`);
  const prepared = prepare(values.data as string, progress);
  if (values.stage === "prepare") process.exit(0);
  if (values.stage !== "all") throw new Error(`unknown --stage "${values.stage}" (prepare or all)`);
  progress("train: grouped cross-validation, calibration, then the final fit");
  const training = train(prepared.train, DEFAULT_PARAMETERS, progress);
  progress("leave-one-domain-out: one fit without each review domain");
  const holdOuts = leaveOneDomainOut(prepared, training, progress);
  progress("evaluate: test splits, the behavioural suite and the other-domain smoke set");
  const evaluation = await evaluate(training.classifier, prepared, join(modelDir, "eval/other-domains.tsv"), training, holdOuts);
  progress(`film test accuracy ${evaluation.test.accuracy.toFixed(4)}, ECE ${evaluation.test.expectedCalibrationError.toFixed(4)}; review test ${evaluation.reviewTest.all.accuracy.toFixed(4)}; natural sentences (test) ${evaluation.behaviour.test.natural.accuracy.toFixed(4)}`);
  progress("export: ONNX graph, manifest, metrics, report");
  const exported = exportArtifacts(values.out as string, prepared, training, evaluation);
  progress(`wrote ${exported.modelPath} (${(exported.manifest.artifact as { bytes: number }).bytes} bytes, version ${exported.manifest.version as string})`);
} catch (error) {
  if (error instanceof DataFileError) {
    console.error(`training stopped, nothing written: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
