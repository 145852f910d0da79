// Turns a trained classifier into one self-contained ONNX graph: raw strings in, labels,
// probabilities and per-word contributions out. Every step mirrors features/feature-space.ts
// and features/token-roles.ts; the cost of a text grows with its length (hash look-ups,
// gathers, one cumulative sum per contrast rule), never with the vocabulary.
//
// At batch 1 a run costs about as much per node as per word, so the graph is built for few
// nodes: one string look-up gives every word a code; one Conv over two per-word classes gives
// each word the numbers of its neighbourhood, whose tables hold the negation rule and the
// neighbour-dependent contrast and intensity rules (export/rule-windows.ts); a word's code plus
// its negation offset indexes every per-word table (ids, weights, idf, lexicon valence).
import { IO_DESCRIPTION, INPUT_TEXT, OUTPUT_LABEL, OUTPUT_PROBABILITIES, OUTPUT_WORD_CONTRIBUTIONS } from "../contract/tensors.js";
import { CHAR_CLASSES, CHAR_RADIX } from "../features/alphabet.js";
import { CHAR_NGRAM_MAX, LEXICON_SLOTS, NEGATED_CHAR_OFFSET, idCount } from "../features/feature-space.js";
import { PAD_TOKEN, WORD_PATTERN } from "../features/text-rules.js";
import { STRUCTURAL_SET } from "../features/token-roles.js";
import type { Classifier } from "../training/classifier.js";
import { GraphBuilder } from "../onnx/graph-builder.js";
import { TensorDataType } from "../onnx/schema.js";
import { ruleWindows, type WordClasses } from "./rule-windows.js";

const ML = "ai.onnx.ml";
const MS = "com.microsoft";
const INT64_MAX = Number.MAX_SAFE_INTEGER;
/** StringNormalizer needs a locale that exists on the serving machine; C.UTF-8 is in every glibc. */
const NORMALIZER_LOCALE = "C.UTF-8";

/** The graph matches words case-folded but with ’ as typed, so each key containing ' also gets a ’ twin. */
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
  const windows = ruleWindows();
  const g = new GraphBuilder();
  const axis1 = g.int64s([1]);
  const one = g.floats([1], []);
  const zero = g.floats([0], []);
  /** x shifted one word later (the value of the previous word), 0 in front */
  const previous = (x: string) => g.node("Pad", [x, g.int64s([0, 1, 0, -1])], { mode: "constant" });
  /** x shifted one word earlier (the value of the next word), 0 at the end */
  const next = (x: string) => g.node("Pad", [x, g.int64s([0, -1, 0, 1])], { mode: "constant" });

  // Every word any table knows gets a code (1…n; 0 for any other word). A word's code indexes
  // the tables of what the word is; its code plus `half` (inside a negation's scope) indexes
  // the tables of what the word is worth, whose second half holds its negated twin.
  const folded = Array.from({ length: LEXICON_SLOTS }, () => new Map<string, number>());
  space.lexicons.forEach((lexicon, l) => {
    for (const [word, valence] of lexicon.valence) {
      // Structural words have no lexicon features (feature-space.ts's lexiconTerms skips them).
      if (STRUCTURAL_SET.has(word)) continue;
      folded.forEach((table, slot) => {
        const w = scale * (classifier.lexiconWeights[l * LEXICON_SLOTS + slot] as number);
        table.set(word, (table.get(word) ?? 0) + w * valence);
      });
    }
  });
  for (const key of [...space.wordIds.keys(), ...space.negatedWordIds.keys()]) {
    // Structural words have no features of their own: the space is built without them.
    if (STRUCTURAL_SET.has(key)) throw new Error(`structural word "${key}" has a word id`);
  }
  const known = new Set<string>([PAD_TOKEN, ...windows.negation.classes.keys(), ...windows.context.classes.keys(), ...STRUCTURAL_SET, ...(folded[0]?.keys() ?? []), ...space.wordIds.keys(), ...space.negatedWordIds.keys()]);
  const codes = new Map([...known].sort().map((word, i) => [word, i + 1]));
  const half = codes.size + 1;
  const codeEntries = withTypographicApostrophes([...codes.entries()]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const tokenized = g.node("Tokenizer", [g.node("StringNormalizer", [INPUT_TEXT], { case_change_action: "LOWER", is_case_sensitive: 1, locale: NORMALIZER_LOCALE })], { mark: 0, mincharnum: 1, pad_value: PAD_TOKEN, tokenexp: WORD_PATTERN }, MS);
  // One padding word more on every row: no row is ever empty, which keeps every later shape non-zero.
  const code = g.node("Pad", [g.node("LabelEncoder", [tokenized], { keys_strings: codeEntries.map(([k]) => k), values_int64s: codeEntries.map(([, v]) => v), default_int64: 0 }, ML), g.int64s([0, 0, 0, 1]), g.int64s([codes.get(PAD_TOKEN) as number], [])], { mode: "constant" });
  /** A table by code (size `half`) or by code and negation (size 2 * half), `fill` where no entry says otherwise. */
  const table = (size: number, entries: Iterable<[number, number]>, fill = 0) => {
    const values = new Array<number>(size).fill(fill);
    for (const [index, value] of entries) values[index] = value;
    return values;
  };
  const byWord = (value: (word: string) => number | undefined) => [...codes].flatMap(([word, c]): Array<[number, number]> => {
    const v = value(word);
    return v === undefined ? [] : [[c, v]];
  });

  // The rule windows: each word's class in the two alphabets, then one Conv whose output
  // channel 0 is the number of the word's negation window (4 words before, 1 after) and
  // channel 1 the number of its context window (the word before and the word).
  const { negation, context } = windows;
  const classOf = (alphabet: WordClasses) => table(half, byWord((w) => alphabet.classes.get(w)));
  const negationClass = classOf(negation);
  const contextClass = classOf(context);
  const classTable = g.floats(negationClass.flatMap((c, i) => [c, contextClass[i] as number]), [half, 2]);
  const perWordClasses = g.node("Transpose", [g.node("Gather", [classTable, code], { axis: 0 })], { perm: [0, 2, 1] });
  const width = negation.before + 1 + negation.after;
  const kernel = new Array<number>(2 * 2 * width).fill(0);
  for (let j = 0; j < width; j += 1) kernel[j] = negation.count ** (width - 1 - j); // out 0, in 0
  kernel[2 * width + width + negation.before - 1] = context.count; // out 1, in 1: the word before
  kernel[2 * width + width + negation.before] = 1; // out 1, in 1: the word
  const windowNumbers = g.node("Cast", [g.node("Conv", [perWordClasses, g.floats(kernel, [2, 2, width])], { kernel_shape: [width], pads: [negation.before, negation.after] })], { to: TensorDataType.INT64 });
  const negationKey = g.node("Gather", [windowNumbers, g.int64s([0], [])], { axis: 1 });
  const contextKey = g.node("Gather", [windowNumbers, g.int64s([1], [])], { axis: 1 });
  const byContext = (values: ArrayLike<number>, kind: "float" | "int64") =>
    g.node("Gather", [kind === "float" ? g.floats(values) : g.int64s(values), contextKey], { axis: 0 });
  const negationOffset = g.node("Gather", [g.int64s(Array.from(negation.negated, (n) => n * half)), negationKey], { axis: 0 });
  const slot = g.node("Add", [code, negationOffset]);
  const isWord = byContext(context.isWord, "float");

  // Contrast: every word takes the value of the boundary that opens its segment (read backwards
  // for "but", forwards for "although"). Segment ids are a cumulative sum of the boundaries; each
  // boundary adds its value into its segment's slot (other words add 0); words gather it back.
  // Padding is never a boundary, so the ids stay below the row's length.
  const slots = g.node("Mul", [isWord, zero]);
  const segmentValue = (boundary: string, value: string, reverse: boolean) => {
    const segment = g.node("CumSum", [boundary, g.int64s([1], [])], { reverse: reverse ? 1 : 0 });
    return g.node("GatherElements", [g.node("ScatterElements", [slots, segment, value], { axis: 1, reduction: "add" }), segment], { axis: 1 });
  };
  const before = segmentValue(byContext(context.beforeBoundary, "int64"), byContext(context.beforeValue, "float"), true);
  const after = segmentValue(byContext(context.afterBoundary, "int64"), byContext(context.afterValue, "float"), false);
  const weight = g.node("Mul", [byContext(context.strength, "float"), g.node("Sub", [one, g.node("Max", [before, after])])]);

  // Words (plain or negated id) and word pairs: one tf-idf group. Each word's score and idf² come
  // by its slot; a pair is keyed by its two slots and shared equally by its two words.
  const idOfSlot = new Map<number, number>();
  const slotOfId = new Map<number, number>();
  for (const [ids, offset] of [[space.wordIds, 0], [space.negatedWordIds, half]] as const) {
    for (const [word, id] of ids) {
      idOfSlot.set((codes.get(word) as number) + offset, id);
      slotOfId.set(id, (codes.get(word) as number) + offset);
    }
  }
  const byId = (value: (id: number) => number) => g.floats(table(2 * half, [...idOfSlot].map(([s, id]): [number, number] => [s, value(id)])));
  const idf = space.wordIdf;
  const unigramScore = g.node("Gather", [byId((id) => scale * (classifier.wordWeights[id] as number) * (idf[id] as number)), slot], { axis: 0 });
  const unigramSquares = g.node("Gather", [byId((id) => (idf[id] as number) ** 2), slot], { axis: 0 });
  const ids = idCount(space);
  const pairSlots = 2 * half;
  const pairs = [...space.bigrams.entries()]
    .map(([key, index]): [number, number] => [(slotOfId.get(Math.floor(key / (ids + 1))) as number) * pairSlots + (slotOfId.get(key % (ids + 1)) as number), index])
    .sort(([a], [b]) => a - b);
  // The pair starting at each word (the last word's partner is 0: no pair).
  const pairIndex = g.node("LabelEncoder", [g.node("Add", [g.node("Mul", [slot, g.int64s([pairSlots], [])]), next(slot)])], { keys_int64s: pairs.map(([k]) => k), values_int64s: pairs.map((_, j) => j + 1), default_int64: 0 }, ML);
  const byPair = (value: (index: number) => number) => g.floats([0, ...pairs.map(([, index]) => value(index))]);
  // A quarter: half of the pair's score goes to each word, at the mean of the two words' weights.
  const pairScore = g.node("Gather", [byPair((i) => 0.25 * scale * (classifier.wordWeights[i] as number) * (idf[i] as number)), pairIndex], { axis: 0 });
  const pairSquares = g.node("Gather", [byPair((i) => (idf[i] as number) ** 2), pairIndex], { axis: 0 });
  const norm = (squares: string) => g.node("Max", [g.node("Sqrt", [squares]), g.floats([1e-6], [])]);
  const rowSum = (x: string) => g.node("ReduceSum", [x, axis1], { keepdims: 1 });
  const wordNorm = norm(rowSum(g.node("Add", [unigramSquares, pairSquares])));
  const pairShare = g.node("Mul", [pairScore, g.node("Add", [weight, next(weight)])]);
  const pairPerWord = g.node("Add", [pairShare, previous(pairShare)]);
  const wordPart = g.node("Div", [g.node("Add", [g.node("Mul", [unigramScore, weight]), pairPerWord]), wordNorm]);

  /** The character n-gram part of every word's contribution (absent when the space has none). */
  const characterPart = (): string => {
    const featured = g.node("Gather", [g.floats(table(half, byWord((w) => (STRUCTURAL_SET.has(w) ? 0 : undefined)), 1)), code], { axis: 0 });
    const negatedInt = g.node("Cast", [g.node("Greater", [negationOffset, g.int64s([0], [])])], { to: TensorDataType.INT64 });
    // The words themselves, padded like their codes.
    const batch = g.node("Slice", [g.node("Shape", [INPUT_TEXT]), g.int64s([0]), g.int64s([1])]);
    const padColumn = g.node("Expand", [g.strings([PAD_TOKEN], [1, 1]), g.node("Concat", [batch, g.int64s([1])], { axis: 0 })]);
    const words = g.node("Concat", [tokenized, padColumn], { axis: 1 });
    /** A [features, 2] table (scale·weight·idf, idf²) so that one Gather serves the score and the norm. */
    const groupTable = (weights: Float64Array, idf: Float64Array) => {
      const values = new Float32Array(2 * idf.length);
      idf.forEach((v, i) => {
        values[2 * i] = scale * (weights[i] as number) * v;
        values[2 * i + 1] = v * v;
      });
      return g.floats(values, [idf.length, 2]);
    };
    const split2 = (x: string, axis: number) => {
      const [a, b] = g.nodeN("Split", [x, g.int64s([1, 1])], 2, { axis });
      const axes = g.int64s([axis]);
      return [g.node("Squeeze", [a as string, axes]), g.node("Squeeze", [b as string, axes])] as const;
    };
    const axis2 = g.int64s([2]);
    /** x[:, from:] or x[:, :-1] along `axes` */
    const sliceTail = (input: string, from: number, axes: string) => g.node("Slice", [input, g.int64s([from]), g.int64s([INT64_MAX]), axes]);
    const sliceHead = (input: string, axes: string) => g.node("Slice", [input, g.int64s([0]), g.int64s([-1]), axes]);
    // Character n-grams inside each word (with begin/end marks): key(n) = key(n-1) * radix + class.
    // The [N, W, L] character grid is mostly padding in a batch (every word padded to the longest,
    // every text to the longest); only real characters and real n-grams are hashed and gathered:
    // they are picked out with Compress and their sums scattered back to their words.
    const flat = g.int64s([-1]);
    const rangeOf = (x: string) => g.node("Range", [g.int64s([0], []), g.node("ReduceProd", [g.node("Shape", [x])], { keepdims: 0 }), g.int64s([1], [])]);
    const chars = g.node("Tokenizer", [words], { mark: 1, mincharnum: 1, pad_value: PAD_TOKEN, separators: [""] }, MS);
    const flatChars = g.node("Reshape", [chars, flat]);
    const realChar = g.node("Not", [g.node("Equal", [flatChars, g.strings([PAD_TOKEN], [])])]);
    const alphabet: Array<[string, number]> = [...CHAR_CLASSES.entries()];
    const realClasses = g.node("LabelEncoder", [g.node("Compress", [flatChars, realChar], { axis: 0 })], { keys_strings: alphabet.map(([k]) => k), values_int64s: alphabet.map(([, v]) => v), default_int64: 1 }, ML);
    const classGrid = g.node("ScatterND", [
      g.node("Mul", [g.node("Cast", [realChar], { to: TensorDataType.INT64 }), g.int64s([0], [])]),
      g.node("Unsqueeze", [g.node("Compress", [rangeOf(flatChars), realChar], { axis: 0 }), axis1]),
      realClasses,
    ]);
    const classes = g.node("Reshape", [classGrid, g.node("Shape", [chars])]);
    const radix = g.int64s([CHAR_RADIX], []);
    const ngramKeys: string[] = [];
    const ngramReal: string[] = [];
    let prefix = classes;
    for (let n = 2; n <= CHAR_NGRAM_MAX; n += 1) {
      const last = sliceTail(classes, n - 1, axis2);
      prefix = g.node("Add", [g.node("Mul", [sliceHead(prefix, axis2), radix]), last]);
      ngramKeys.push(prefix);
      // Padding sits at the end of a word, so an n-gram is real when its last character is.
      ngramReal.push(g.node("Greater", [last, g.int64s([0], [])]));
    }
    const negatedOffset = g.node("Unsqueeze", [g.node("Mul", [negatedInt, g.int64s([NEGATED_CHAR_OFFSET], [])]), axis2]);
    const allKeys = g.node("Add", [g.node("Concat", ngramKeys, { axis: 2 }), negatedOffset]);
    // Structural and padding words have no character features.
    const keep = g.node("And", [g.node("Concat", ngramReal, { axis: 2 }), g.node("Unsqueeze", [g.node("Greater", [featured, g.floats([0.5], [])]), axis2])]);
    const flatKeep = g.node("Reshape", [keep, flat]);
    const wordSlot = g.node("Reshape", [rangeOf(featured), g.node("Shape", [featured])]);
    const ownerOfKey = g.node("Expand", [g.node("Unsqueeze", [wordSlot, axis2]), g.node("Shape", [allKeys])]);
    const keptKeys = g.node("Compress", [g.node("Reshape", [allKeys, flat]), flatKeep], { axis: 0 });
    const keptOwners = g.node("Compress", [g.node("Reshape", [ownerOfKey, flat]), flatKeep], { axis: 0 });
    const ngrams = [...space.charNgrams.entries()];
    const charIndex = g.node("LabelEncoder", [keptKeys], { keys_int64s: ngrams.map(([k]) => k), values_int64s: ngrams.map(([, v]) => v), default_int64: 0 }, ML);
    const keptValues = g.node("Gather", [groupTable(classifier.charWeights, space.charIdf), charIndex], { axis: 0 });
    const wordSlots = g.node("Concat", [g.node("ReduceProd", [g.node("Shape", [featured])], { keepdims: 1 }), g.int64s([2])], { axis: 0 });
    const perSlot = g.node("ScatterND", [g.node("ConstantOfShape", [wordSlots]), g.node("Unsqueeze", [keptOwners, axis1]), keptValues], { reduction: "add" });
    const perWordChar = g.node("Reshape", [perSlot, g.node("Concat", [g.node("Shape", [featured]), g.int64s([2])], { axis: 0 })]);
    const [charScore, charSquares] = split2(perWordChar, 2);
    return g.node("Div", [g.node("Mul", [charScore, weight]), norm(rowSum(charSquares))]);
  };
  const charPart = space.charNgrams.size > 0 ? characterPart() : null;

  // Lexicons: each word's weighted valence in its slot (plain, or negated: comparative or not, which
  // the word alone decides), by the word's slot; scaled by 1 / sqrt(number of words).
  const [plainTable, negatedTable, comparativeTable] = folded as [Map<string, number>, Map<string, number>, Map<string, number>];
  const valenceEntries = [...codes].flatMap(([word, c]): Array<[number, number]> => {
    const negated = space.comparatives.has(word) ? comparativeTable.get(word) : negatedTable.get(word);
    return [[c, plainTable.get(word) ?? 0], [c + half, negated ?? 0]];
  });
  const valence = g.node("Gather", [g.floats(table(2 * half, valenceEntries)), slot], { axis: 0 });
  const lexiconScale = g.node("Pow", [g.node("Max", [rowSum(isWord), one]), g.floats([-0.5], [])]);
  const lexiconPart = g.node("Mul", [g.node("Mul", [valence, weight]), lexiconScale]);

  // Per-word contributions, then the calibrated logit z as [-z, z]: its sigmoid is the two
  // probabilities, its arg max the label (0 when z is 0, as p > 0.5 says).
  g.node("Add", [charPart === null ? wordPart : g.node("Add", [wordPart, charPart]), lexiconPart]);
  const contributions = g.nameLastOutput(OUTPUT_WORD_CONTRIBUTIONS);
  const bias = scale * classifier.bias + calibration.offset;
  const signedLogit = g.node("Gemm", [rowSum(contributions), g.floats([-1, 1], [1, 2]), g.floats([-bias, bias])]);
  g.node("Sigmoid", [signedLogit]);
  g.nameLastOutput(OUTPUT_PROBABILITIES);
  g.node("ArgMax", [signedLogit], { axis: 1, keepdims: 0 });
  g.nameLastOutput(OUTPUT_LABEL);

  return g.serialize({
    graphName: "sentiment",
    docString: `Binary sentiment of English text. ${JSON.stringify(IO_DESCRIPTION)}`,
    inputs: [{ name: INPUT_TEXT, elemType: TensorDataType.STRING, dims: ["N"] }],
    outputs: [
      { name: OUTPUT_LABEL, elemType: TensorDataType.INT64, dims: ["N"] },
      { name: OUTPUT_PROBABILITIES, elemType: TensorDataType.FLOAT, dims: ["N", 2] },
      { name: OUTPUT_WORD_CONTRIBUTIONS, elemType: TensorDataType.FLOAT, dims: ["N", "W"] },
    ],
    opsets: { "": 19, [ML]: 3, [MS]: 1 },
    metadata: options.metadata,
  });
}
