// Turns a trained classifier into one self-contained ONNX graph: raw strings in, labels and
// probabilities out. Every step mirrors features/feature-space.ts; the cost of a text grows
// with its length (hash look-ups and gathers), never with the vocabulary.
import { CHAR_CLASSES, CHAR_RADIX } from "../features/alphabet.js";
import { CHAR_NGRAM_MAX } from "../features/feature-space.js";
import { NEGATION_WINDOW, NEGATORS, PAD_TOKEN, WORD_PATTERN } from "../features/text-rules.js";
import type { Classifier } from "../training/classifier.js";
import { GraphBuilder } from "../onnx/graph-builder.js";
import { TensorDataType } from "../onnx/schema.js";

const ML = "ai.onnx.ml";
const MS = "com.microsoft";
const INT64_MAX = Number.MAX_SAFE_INTEGER;
/** StringNormalizer needs a locale that exists on the serving machine; C.UTF-8 is in every glibc. */
const NORMALIZER_LOCALE = "C.UTF-8";

/** The graph matches words case-folded and with ' for ’, so each key containing ' also gets a ’ twin. */
function withTypographicApostrophes<T>(entries: Array<[string, T]>): Array<[string, T]> {
  const out = [...entries];
  for (const [key, value] of entries) if (key.includes("'")) out.push([key.replaceAll("'", "\u2019"), value]);
  return out;
}

export interface ExportOptions {
  metadata: Record<string, string>;
}

export function buildOnnxModel(classifier: Classifier, options: ExportOptions): Uint8Array {
  const { space, calibration } = classifier;
  const scale = calibration.scale;
  const g = new GraphBuilder();
  const axis1 = g.int64s([1]);
  const starts0 = g.int64s([0]);
  const endsLast = g.int64s([-1]);
  const toEnd = g.int64s([INT64_MAX]);
  const sliceTail = (input: string, from: number) => g.node("Slice", [input, g.int64s([from]), toEnd, axis1]);
  const sliceHead = (input: string) => g.node("Slice", [input, starts0, endsLast, axis1]);
  const rowSum = (input: string) => g.node("ReduceSum", [input, axis1], { keepdims: 0 });
  const epsilon = g.floats([1e-6], []);

  /** Σ w·idf / max(sqrt(Σ idf²), ε) over the indices of one tf-idf group. */
  const groupScore = (indices: string, weights: Float64Array, idf: Float64Array) => {
    // One [features, 2] table (weight·idf, idf²) so that one Gather and one ReduceSum serve both sums.
    const table = new Float32Array(2 * idf.length);
    idf.forEach((v, i) => {
      table[2 * i] = scale * (weights[i] as number) * v;
      table[2 * i + 1] = v * v;
    });
    const sums = rowSum(g.node("Gather", [g.floats(table, [idf.length, 2]), indices], { axis: 0 }));
    const [numerator, squares] = g.nodeN("Split", [sums, g.int64s([1, 1])], 2, { axis: 1 });
    const norm = g.node("Max", [g.node("Sqrt", [squares as string]), epsilon]);
    return g.node("Squeeze", [g.node("Div", [numerator as string, norm]), axis1]);
  };

  const lower = g.node("StringNormalizer", ["text"], { case_change_action: "LOWER", is_case_sensitive: 1, locale: NORMALIZER_LOCALE });

  // Words and word pairs.
  const words = g.node("Tokenizer", [lower], { mark: 0, mincharnum: 1, pad_value: PAD_TOKEN, tokenexp: WORD_PATTERN }, MS);
  const vocabulary = withTypographicApostrophes(space.words.map((w, i) => [w, i + 1]));
  const wordIndex = g.node("LabelEncoder", [words], { keys_strings: vocabulary.map(([k]) => k), values_int64s: vocabulary.map(([, v]) => v), default_int64: 0 }, ML);
  const pairKey = g.node("Add", [g.node("Mul", [sliceHead(wordIndex), g.int64s([space.words.length + 1], [])]), sliceTail(wordIndex, 1)]);
  const pairs = [...space.bigrams.entries()];
  const pairIndex = g.node("LabelEncoder", [pairKey], { keys_int64s: pairs.map(([k]) => k), values_int64s: pairs.map(([, v]) => v), default_int64: 0 }, ML);
  const wordScore = groupScore(g.node("Concat", [wordIndex, pairIndex], { axis: 1 }), classifier.wordWeights, space.wordIdf);

  // Character n-grams, built up one character at a time: key(n) = key(n-1) * radix + class.
  const chars = g.node("Tokenizer", [lower], { mark: 1, mincharnum: 1, pad_value: PAD_TOKEN, separators: [""] }, MS);
  const alphabet: Array<[string, number]> = [[PAD_TOKEN, 0], ...CHAR_CLASSES.entries()];
  const classes = g.node("LabelEncoder", [chars], { keys_strings: alphabet.map(([k]) => k), values_int64s: alphabet.map(([, v]) => v), default_int64: 1 }, ML);
  const radix = g.int64s([CHAR_RADIX], []);
  const ngramKeys: string[] = [];
  let previous = classes;
  for (let n = 2; n <= CHAR_NGRAM_MAX; n += 1) {
    previous = g.node("Add", [g.node("Mul", [sliceHead(previous), radix]), sliceTail(classes, n - 1)]);
    ngramKeys.push(previous);
  }
  const ngrams = [...space.charNgrams.entries()];
  const charIndex = g.node("LabelEncoder", [g.node("Concat", ngramKeys, { axis: 1 })], { keys_int64s: ngrams.map(([k]) => k), values_int64s: ngrams.map(([, v]) => v), default_int64: 0 }, ML);
  const charScore = groupScore(charIndex, classifier.charWeights, space.charIdf);

  // Lexicons: each word's weighted valence, split by whether a negator precedes it closely.
  const plainValence = new Map<string, number>();
  const negatedValence = new Map<string, number>();
  space.lexicons.forEach((lexicon, l) => {
    const plainWeight = scale * (classifier.lexiconWeights[2 * l] as number);
    const negatedWeight = scale * (classifier.lexiconWeights[2 * l + 1] as number);
    for (const [word, valence] of lexicon.valence) {
      plainValence.set(word, (plainValence.get(word) ?? 0) + plainWeight * valence);
      negatedValence.set(word, (negatedValence.get(word) ?? 0) + negatedWeight * valence);
    }
  });
  const lookupFloat = (table: Array<[string, number]>, fallback: number) => {
    const entries = withTypographicApostrophes(table);
    return g.node("LabelEncoder", [words], { keys_strings: entries.map(([k]) => k), values_floats: { floats: entries.map(([, v]) => v) }, default_float: { float: fallback } }, ML);
  };
  const sortedEntries = (m: Map<string, number>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const plain = lookupFloat(sortedEntries(plainValence), 0);
  const negated = lookupFloat(sortedEntries(negatedValence), 0);
  const isNegator = lookupFloat(NEGATORS.map((w) => [w, 1]), 0);
  const reach = Array.from({ length: NEGATION_WINDOW }, (_, i) => g.node("Pad", [isNegator, g.int64s([0, i + 1, 0, -(i + 1)])], { mode: "constant" }));
  const inNegation = reach.length === 1 ? (reach[0] as string) : g.node("Max", reach);
  const outsideNegation = g.node("Sub", [g.floats([1], []), inNegation]);
  const lexiconSum = rowSum(g.node("Add", [g.node("Mul", [plain, outsideNegation]), g.node("Mul", [negated, inNegation])]));
  const wordCount = rowSum(lookupFloat([[PAD_TOKEN, 0]], 1));
  const lexiconScore = g.node("Div", [lexiconSum, g.node("Sqrt", [g.node("Max", [wordCount, g.floats([1], [])])])]);

  // Calibrated probability and label.
  const bias = g.floats([scale * classifier.bias + calibration.offset], []);
  const logit = g.node("Add", [g.node("Add", [g.node("Add", [wordScore, charScore]), lexiconScore]), bias]);
  const positive = g.node("Sigmoid", [logit]);
  const negative = g.node("Sub", [g.floats([1], []), positive]);
  g.node("Concat", [g.node("Unsqueeze", [negative, axis1]), g.node("Unsqueeze", [positive, axis1])], { axis: 1 });
  g.nameLastOutput("probabilities");
  g.node("Cast", [g.node("Greater", [positive, g.floats([0.5], [])])], { to: TensorDataType.INT64 });
  g.nameLastOutput("label");

  return g.serialize({
    graphName: "sentiment",
    docString: "Binary sentiment of English text: raw strings in, label (0 negative, 1 positive) and calibrated probabilities out.",
    inputs: [{ name: "text", elemType: TensorDataType.STRING, dims: ["N"] }],
    outputs: [
      { name: "label", elemType: TensorDataType.INT64, dims: ["N"] },
      { name: "probabilities", elemType: TensorDataType.FLOAT, dims: ["N", 2] },
    ],
    opsets: { "": 17, [ML]: 3, [MS]: 1 },
    metadata: options.metadata,
  });
}
