// The sentiment classifier: feature space + linear weights + Platt calibration.
import { LEXICON_SLOTS, buildFeatureSpace, featurize, lexiconTerms, textFeatures, type FeatureSpace, type FeatureVector } from "../features/feature-space.js";
import type { Lexicon } from "../features/lexicons.js";
import { fitLogisticRegression, sigmoid, type SparseMatrix } from "./logistic-regression.js";
import { penaltyVector, type PenaltyParameters } from "./penalties.js";

export interface TrainingParameters extends PenaltyParameters {
  /** an n-gram must appear in this many training texts to get a weight */
  minCount: number;
  /** in-word character 2–5-grams as features (false: words, word pairs and lexicons only) */
  characterNgrams?: boolean;
  maxIterations: number;
  gradientTolerance: number;
}

export interface Calibration {
  scale: number;
  offset: number;
}

export interface Classifier {
  space: FeatureSpace;
  bias: number;
  wordWeights: Float64Array;
  charWeights: Float64Array;
  lexiconWeights: number[];
  calibration: Calibration;
}

interface Layout {
  wordOffset: number;
  charOffset: number;
  lexiconOffset: number;
  columnCount: number;
}

/** Where each group of weights sits among the design matrix's columns. */
export function layoutOf(space: FeatureSpace): Layout {
  const wordOffset = 0; // word index 0 is "unknown" and never used, so column 0 serves as the bias
  const charOffset = space.wordIdf.length;
  const lexiconOffset = charOffset + space.charIdf.length;
  const lexiconCount = space.lexicons.length * LEXICON_SLOTS;
  return { wordOffset, charOffset, lexiconOffset, columnCount: lexiconOffset + lexiconCount };
}

function toMatrix(vectors: FeatureVector[], layout: Layout): SparseMatrix {
  let nonZeros = 0;
  for (const v of vectors) nonZeros += 1 + v.word.indices.length + v.char.indices.length + v.lexicon.length;
  const rowStart = new Int32Array(vectors.length + 1);
  const columns = new Int32Array(nonZeros);
  const values = new Float64Array(nonZeros);
  let k = 0;
  vectors.forEach((v, r) => {
    rowStart[r] = k;
    columns[k] = 0;
    values[k] = 1;
    k += 1;
    v.word.indices.forEach((index, i) => {
      columns[k] = layout.wordOffset + index;
      values[k] = v.word.values[i] as number;
      k += 1;
    });
    v.char.indices.forEach((index, i) => {
      columns[k] = layout.charOffset + index;
      values[k] = v.char.values[i] as number;
      k += 1;
    });
    v.lexicon.forEach((value, i) => {
      columns[k] = layout.lexiconOffset + i;
      values[k] = value;
      k += 1;
    });
  });
  rowStart[vectors.length] = k;
  return { rowStart, columns, values, columnCount: layout.columnCount };
}

export interface TrainingProgress {
  (stage: string, detail: string): void;
}

export function trainClassifier(
  texts: string[],
  labels: Array<0 | 1>,
  lexicons: Lexicon[],
  parameters: TrainingParameters,
  progress?: TrainingProgress,
  /** how much each text's loss counts (1 each when absent) */
  weights?: Float64Array,
): Classifier {
  const space = buildFeatureSpace(texts, lexicons, parameters.minCount, parameters.characterNgrams ?? true);
  const layout = layoutOf(space);
  progress?.("features", `${space.words.length} words, ${space.negatedWords.length} negated words, ${space.bigrams.size} word pairs, ${space.charNgrams.size} character n-grams`);
  const rows = toMatrix(
    texts.map((t) => featurize(t, space)),
    layout,
  );
  const penalty = penaltyVector(space, layout, parameters, texts.length);
  const fit = fitLogisticRegression(
    { rows, labels: Uint8Array.from(labels), penalty, rowWeights: weights },
    {
      maxIterations: parameters.maxIterations,
      gradientTolerance: parameters.gradientTolerance,
      onIteration: (iteration, loss) => {
        if (iteration % 25 === 0) progress?.("fit", `iteration ${iteration}, loss ${loss.toFixed(5)}`);
      },
    },
  );
  const w = fit.weights;
  return {
    space,
    bias: w[0] as number,
    wordWeights: w.slice(layout.wordOffset, layout.charOffset).fill(0, 0, 1),
    charWeights: w.slice(layout.charOffset, layout.lexiconOffset).fill(0, 0, 1),
    lexiconWeights: Array.from(w.slice(layout.lexiconOffset)),
    calibration: { scale: 1, offset: 0 },
  };
}

/** The uncalibrated linear score. */
export function decisionValue(classifier: Classifier, text: string): number {
  const v = featurize(text, classifier.space);
  let z = classifier.bias;
  v.word.indices.forEach((index, i) => (z += (classifier.wordWeights[index] as number) * (v.word.values[i] as number)));
  v.char.indices.forEach((index, i) => (z += (classifier.charWeights[index] as number) * (v.char.values[i] as number)));
  v.lexicon.forEach((value, i) => (z += (classifier.lexiconWeights[i] as number) * value));
  return z;
}

/**
 * The calibrated logit split by word: contributions[t] for each word token of the text, plus
 * the constant bias; their sum is the calibrated logit. Word pairs are shared equally by their
 * two words; lexicon features go to the word that carries the valence.
 */
export function tokenContributions(classifier: Classifier, text: string): { contributions: number[]; bias: number } {
  const { space, calibration } = classifier;
  const f = textFeatures(text, space);
  const contributions = new Array<number>(f.views.length).fill(0);
  const credit = (tokens: number[], amount: number) => {
    for (const t of tokens) contributions[t] = (contributions[t] as number) + amount / tokens.length;
  };
  for (const o of f.word) credit(o.tokens, (calibration.scale * (classifier.wordWeights[o.index] as number) * o.factor * (space.wordIdf[o.index] as number)) / f.wordNorm);
  for (const o of f.char) credit(o.tokens, (calibration.scale * (classifier.charWeights[o.index] as number) * o.factor * (space.charIdf[o.index] as number)) / f.charNorm);
  for (const term of lexiconTerms(f, space)) {
    contributions[term.token] = (contributions[term.token] as number) + calibration.scale * (classifier.lexiconWeights[term.slot] as number) * term.value;
  }
  return { contributions, bias: calibration.scale * classifier.bias + calibration.offset };
}

export function positiveProbability(classifier: Classifier, text: string): number {
  const { scale, offset } = classifier.calibration;
  return sigmoid(scale * decisionValue(classifier, text) + offset);
}

/** Platt scaling: fits p = sigmoid(scale * z + offset) on held-out scores. */
export function fitCalibration(scores: number[], labels: Array<0 | 1>, weights?: Float64Array): Calibration {
  const n = scores.length;
  const rowStart = Int32Array.from({ length: n + 1 }, (_, i) => 2 * i);
  const columns = Int32Array.from({ length: 2 * n }, (_, k) => k % 2);
  const values = Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? 1 : (scores[k >> 1] as number)));
  const fit = fitLogisticRegression(
    { rows: { rowStart, columns, values, columnCount: 2 }, labels: Uint8Array.from(labels), penalty: new Float64Array(2), rowWeights: weights },
    { maxIterations: 200, gradientTolerance: 1e-9 },
  );
  return { scale: fit.weights[1] as number, offset: fit.weights[0] as number };
}
