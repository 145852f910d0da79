// The training pipeline's stages: prepare (read and check the data), train (select C by
// grouped cross-validation, calibrate, fit), evaluate (metrics and report), export (ONNX +
// manifest, written atomically).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { readPhraseFile, type LabelledPhrase } from "./data/phrase-file.js";
import { IO_DESCRIPTION, MANIFEST_FILE } from "./contract/index.js";
import { defaultLexicons, type Lexicon } from "./features/lexicons.js";
import { computeMetrics, type Metrics } from "./evaluation/metrics.js";
import { renderReport } from "./evaluation/report.js";
import { runSuite, type SuiteResult } from "../eval/behaviour.js";
import { behaviourMetrics, renderBehaviourHtml, type BehaviourMetrics } from "../eval/report.js";
import { buildOnnxModel } from "./export/graph.js";
import { decisionValue, fitCalibration, positiveProbability, trainClassifier, type Classifier, type TrainingParameters } from "./training/classifier.js";
import { groupedFolds } from "./training/cross-validation.js";
import { augmentationSentences } from "./training/augmentation.js";
import { trainingExamples, type Examples } from "./training/examples.js";

export interface PipelineParameters extends TrainingParameters {
  /** candidate values of C, chosen by grouped cross-validation accuracy */
  cGrid: number[];
  folds: number;
  seed: number;
  /** generated everyday-language sentences added to every training set (see training/augmentation.ts) */
  augmentation: { sentences: number; seed: number };
}

export const DEFAULT_PARAMETERS: PipelineParameters = {
  c: 30,
  cGrid: [100, 300],
  // Lexicon weights are what carries the model beyond film vocabulary; penalising them less
  // keeps them from being crowded out by n-grams that only film reviews contain.
  lexiconPenaltyDivisor: 10,
  minCount: 1,
  maxIterations: 400,
  gradientTolerance: 1e-6,
  folds: 5,
  seed: 20240611,
  augmentation: { sentences: 3000, seed: 7 },
};

/** The texts a model is fitted on: the phrases (both spellings) plus the generated sentences. */
export function fittingExamples(phrases: LabelledPhrase[], parameters: Pick<PipelineParameters, "augmentation">): Examples {
  const { texts, labels } = trainingExamples(phrases);
  for (const sentence of augmentationSentences(parameters.augmentation.sentences, parameters.augmentation.seed)) {
    texts.push(sentence.text);
    labels.push(sentence.label);
  }
  return { texts, labels };
}

export type Progress = (message: string) => void;

export interface PreparedData {
  train: LabelledPhrase[];
  test: LabelledPhrase[];
  files: Record<string, { sha256: string; rows: number }>;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export function prepare(dataDir: string, progress: Progress): PreparedData {
  const files: PreparedData["files"] = {};
  const read = (name: string) => {
    const { phrases, bytes } = readPhraseFile(join(dataDir, name));
    files[name] = { sha256: sha256(bytes), rows: phrases.length };
    const positive = phrases.filter((p) => p.label === 1).length;
    progress(`${name}: ${phrases.length} phrases (${phrases.length - positive} negative, ${positive} positive)`);
    return phrases;
  };
  return { train: read("train.tsv"), test: read("test.tsv"), files };
}

export interface CrossValidationResult {
  c: number;
  accuracy: number;
  foldAccuracies: number[];
}

export interface TrainingResult {
  classifier: Classifier;
  parameters: PipelineParameters;
  crossValidation: CrossValidationResult[];
  chosen: CrossValidationResult;
}

export function lexicons(): Lexicon[] {
  return defaultLexicons();
}

export function train(phrases: LabelledPhrase[], base: PipelineParameters, progress: Progress): TrainingResult {
  const folds = groupedFolds(phrases.map((p) => p.sentenceId), base.folds, base.seed);
  const lex = lexicons();
  const results: CrossValidationResult[] = [];
  const outOfFold = new Map<number, number[]>();
  for (const c of base.cGrid) {
    const scores = new Array<number>(phrases.length).fill(0);
    const foldAccuracies: number[] = [];
    for (let fold = 0; fold < base.folds; fold += 1) {
      const started = Date.now();
      const trainPart = phrases.filter((_, i) => folds[i] !== fold);
      const heldOut = phrases.map((p, i) => [p, i] as const).filter(([, i]) => folds[i] === fold);
      const { texts, labels } = fittingExamples(trainPart, base);
      const classifier = trainClassifier(texts, labels, lex, { ...base, c });
      let correct = 0;
      for (const [phrase, i] of heldOut) {
        const z = decisionValue(classifier, phrase.text);
        scores[i] = z;
        if ((z > 0 ? 1 : 0) === phrase.label) correct += 1;
      }
      foldAccuracies.push(correct / heldOut.length);
      progress(`C=${c} fold ${fold + 1}/${base.folds}: accuracy ${(correct / heldOut.length).toFixed(4)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    const accuracy = scores.filter((z, i) => (z > 0 ? 1 : 0) === phrases[i]?.label).length / phrases.length;
    results.push({ c, accuracy, foldAccuracies });
    outOfFold.set(c, scores);
    progress(`C=${c}: grouped ${base.folds}-fold accuracy ${accuracy.toFixed(4)}`);
  }
  const chosen = results.reduce((best, r) => (r.accuracy > best.accuracy ? r : best));
  const parameters = { ...base, c: chosen.c };
  progress(`chose C=${chosen.c}; fitting on all ${phrases.length} phrases`);
  const { texts, labels } = fittingExamples(phrases, parameters);
  const classifier = trainClassifier(texts, labels, lex, parameters, (stage, detail) => progress(`${stage}: ${detail}`));
  classifier.calibration = fitCalibration(outOfFold.get(chosen.c) as number[], phrases.map((p) => p.label));
  progress(`Platt calibration from out-of-fold scores: scale ${classifier.calibration.scale.toFixed(4)}, offset ${classifier.calibration.offset.toFixed(4)}`);
  return { classifier, parameters, crossValidation: results, chosen };
}

export interface Evaluation {
  test: Metrics;
  otherDomains: { count: number; accuracy: number };
  /** the behavioural suite: `test` is reported, `dev` is what model choices may look at */
  behaviour: { dev: BehaviourMetrics; test: BehaviourMetrics };
  report: string;
}

export function readOtherDomains(path: string): Array<{ text: string; label: 0 | 1 }> {
  return readFileSync(path, "utf8")
    .split("\n")
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [text, label] = line.split("\t");
      return { text: text as string, label: label === "1" ? 1 : 0 };
    });
}

const percent = (rate: number) => `${(100 * rate).toFixed(1)} %`;

export async function evaluate(classifier: Classifier, test: LabelledPhrase[], otherDomainsPath: string, crossValidation: CrossValidationResult): Promise<Evaluation> {
  const labels = test.map((p) => p.label as number);
  const probabilities = test.map((p) => positiveProbability(classifier, p.text));
  const metrics = computeMetrics(labels, probabilities);
  const other = readOtherDomains(otherDomainsPath);
  const otherCorrect = other.filter((o) => (positiveProbability(classifier, o.text) > 0.5 ? 1 : 0) === o.label).length;
  const otherDomains = { count: other.length, accuracy: otherCorrect / other.length };
  const predict = (texts: string[]) => texts.map((t) => positiveProbability(classifier, t));
  const suites: Record<"dev" | "test", SuiteResult> = { dev: await runSuite(predict, "dev"), test: await runSuite(predict, "test") };
  const suiteRows = suites.test.capabilities.map((c): [string, string] => [`behavioural suite: ${c.capability} failures`, `${percent(c.failureRate)} of ${c.cases}`]);
  const report = renderReport("Sentiment model: evaluation on test.tsv", metrics, labels, probabilities, [
    [`grouped ${crossValidation.foldAccuracies.length}-fold CV accuracy on train.tsv (C=${crossValidation.c})`, crossValidation.accuracy.toFixed(4)],
    ["other-domain smoke set accuracy (hand-written, not used for selection)", `${otherDomains.accuracy.toFixed(4)} (${otherDomains.count} texts)`],
    ["behavioural suite: natural other-domain sentences, accuracy", `${suites.test.natural.accuracy.toFixed(4)} (${suites.test.natural.count} texts)`],
    ...suiteRows,
  ]).replace("</body>", `${renderBehaviourHtml(suites.test)}\n</body>`);
  return { test: metrics, otherDomains, behaviour: { dev: behaviourMetrics(suites.dev), test: behaviourMetrics(suites.test) }, report };
}

export interface ExportedArtifacts {
  modelPath: string;
  manifest: Record<string, unknown>;
}

/** Writes every file under a temporary name first, then renames, so no run leaves half an artifact. */
function writeAtomically(files: Array<[string, string | Uint8Array]>): void {
  const temporary = files.map(([path, content]) => {
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, content);
    return [tmp, path] as const;
  });
  try {
    for (const [tmp, path] of temporary) renameSync(tmp, path);
  } finally {
    for (const [tmp] of temporary) rmSync(tmp, { force: true });
  }
}

/** The ONNX file's bytes: the graph plus metadata recording what it was made from. */
export function modelBytes(classifier: Classifier, parameters: PipelineParameters, files: PreparedData["files"]): Uint8Array {
  const metadata = {
    parameters: JSON.stringify(parameters),
    training_data: JSON.stringify(files),
    lexicons: JSON.stringify(classifier.space.lexicons.map((l) => ({ name: l.name, version: l.version, license: l.license }))),
  };
  return buildOnnxModel(classifier, { metadata });
}

export function exportArtifacts(outDir: string, prepared: PreparedData, training: TrainingResult, evaluation: Evaluation): ExportedArtifacts {
  const { classifier, parameters } = training;
  const bytes = modelBytes(classifier, parameters, prepared.files);
  const artifactSha = sha256(bytes);
  const modelFile = "sentiment.onnx";
  const metrics = {
    test: evaluation.test,
    crossValidation: { folds: parameters.folds, groupedBy: "sentence_id", chosen: training.chosen, grid: training.crossValidation },
    otherDomains: evaluation.otherDomains,
    behaviour: evaluation.behaviour,
  };
  const manifest = {
    version: `lr-nc-${artifactSha.slice(0, 12)}`,
    artifact: { file: modelFile, sha256: artifactSha, bytes: bytes.length },
    data: Object.fromEntries(Object.entries(prepared.files).map(([name, f]) => [name, { ...f, file: basename(name) }])),
    parameters,
    features: {
      words: classifier.space.words.length,
      negatedWords: classifier.space.negatedWords.length,
      wordPairs: classifier.space.bigrams.size,
      characterNgrams: classifier.space.charNgrams.size,
      lexicons: classifier.space.lexicons.map((l) => ({ name: l.name, version: l.version, license: l.license, entries: l.valence.size })),
      comparatives: classifier.space.comparatives.size,
    },
    calibration: classifier.calibration,
    metrics: {
      accuracy: evaluation.test.accuracy,
      rocAuc: evaluation.test.rocAuc,
      logLoss: evaluation.test.logLoss,
      expectedCalibrationError: evaluation.test.expectedCalibrationError,
      crossValidationAccuracy: training.chosen.accuracy,
    },
    io: IO_DESCRIPTION,
    sources: [
      { name: "movie-phrases (Rotten Tomatoes phrases of the Stanford Sentiment Treebank, polarized)", version: "train.tsv/test.tsv sha256 above", license: "see the data's README" },
      ...classifier.space.lexicons.map((l) => ({ name: l.name, version: l.version, license: l.license })),
      { name: "generated everyday-language sentences (model/src/training/augmentation.ts)", version: `${parameters.augmentation.sentences} sentences, seed ${parameters.augmentation.seed}`, license: "this project" },
    ],
    explanation:
      "word_contributions[i][t] is the t-th word token of text i (the tokens wordSpans() of the model contract finds, in order) and its share of the calibrated positive log-odds: weight x value of its word and negated-word features, half of each word pair it is in, its in-word character n-grams, and its lexicon features; contributions plus the bias equal the logit exactly",
  };
  mkdirSync(outDir, { recursive: true });
  const modelPath = join(outDir, modelFile);
  writeAtomically([
    [modelPath, bytes],
    [join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`],
    [join(outDir, "metrics.json"), `${JSON.stringify(metrics, null, 2)}\n`],
    [join(outDir, "report.html"), evaluation.report],
  ]);
  return { modelPath, manifest };
}
