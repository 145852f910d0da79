// Turns a trained classifier into one self-contained ONNX graph: raw strings in, labels,
// probabilities and per-word contributions out. Every step mirrors features/feature-space.ts
// and features/token-roles.ts; the cost of a text grows with its length (hash look-ups,
// gathers, one cumulative sum per rule), never with the vocabulary.
import { IO_DESCRIPTION, INPUT_TEXT, OUTPUT_LABEL, OUTPUT_PROBABILITIES, OUTPUT_WORD_CONTRIBUTIONS } from "../contract/tensors.js";
import { CHAR_CLASSES, CHAR_RADIX } from "../features/alphabet.js";
import { CHAR_NGRAM_MAX, LEXICON_SLOTS, NEGATED_CHAR_OFFSET, idCount } from "../features/feature-space.js";
import {
  CLAUSE_ENDS, CONTRAST_AFTER, DIMINISHED_WEIGHT, DIMINISHERS, INTENSIFIED_WEIGHT, INTENSIFIERS, CONTRAST_BEFORE, CONTRAST_YET, CONTRAST_YET_AFTER, EXCLAMATIVE_INTENSIFIERS, EXCLAMATIVE_VERBS,
  NEGATION_SCOPE, NEGATORS, PAD_TOKEN, UNNEGATED_WORDS, SENTENCE_ENDS, SUBORDINATE_WEIGHT, WORD_PATTERN,
} from "../features/text-rules.js";
import { NEGATION_BREAKERS, STRUCTURAL_SET } from "../features/token-roles.js";
import type { Classifier } from "../training/classifier.js";
import { GraphBuilder } from "../onnx/graph-builder.js";
import { TensorDataType } from "../onnx/schema.js";

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

const byKey = <T>(entries: Array<[string, T]>) => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export interface ExportOptions {
  metadata: Record<string, string>;
}

export function buildOnnxModel(classifier: Classifier, options: ExportOptions): Uint8Array {
  const { space, calibration } = classifier;
  const scale = calibration.scale;
  const g = new GraphBuilder();
  const axis1 = g.int64s([1]);
  const toEnd = g.int64s([INT64_MAX]);
  const one = g.floats([1], []);
  const zero = g.floats([0], []);
  /** x[:, from:] or x[:, :-1] along `axes` */
  const sliceTail = (input: string, from: number, axes = axis1) => g.node("Slice", [input, g.int64s([from]), toEnd, axes]);
  const sliceHead = (input: string, axes = axis1) => g.node("Slice", [input, g.int64s([0]), g.int64s([-1]), axes]);
  const not = (x: string) => g.node("Sub", [one, x]);
  const mul = (...xs: string[]) => xs.slice(1).reduce((acc, x) => g.node("Mul", [acc, x]), xs[0] as string);
  /** x shifted one word later (the value of the previous word), 0 in front */
  const previous = (x: string) => g.node("Pad", [x, g.int64s([0, 1, 0, -1])], { mode: "constant" });
  /** x shifted one word earlier (the value of the next word), 0 at the end */
  const next = (x: string) => g.node("Pad", [x, g.int64s([0, -1, 0, 1])], { mode: "constant" });

  const lower = g.node("StringNormalizer", [INPUT_TEXT], { case_change_action: "LOWER", is_case_sensitive: 1, locale: NORMALIZER_LOCALE });
  const tokenized = g.node("Tokenizer", [lower], { mark: 0, mincharnum: 1, pad_value: PAD_TOKEN, tokenexp: WORD_PATTERN }, MS);
  // One padding word more on every row: no row is ever empty, which keeps every later shape non-zero.
  const batch = g.node("Slice", [g.node("Shape", [INPUT_TEXT]), g.int64s([0]), g.int64s([1])]);
  const padColumn = g.node("Expand", [g.strings([PAD_TOKEN], [1, 1]), g.node("Concat", [batch, g.int64s([1])], { axis: 0 })]);
  const words = g.node("Concat", [tokenized, padColumn], { axis: 1 });

  // One string lookup serves every per-word table: each word any table knows gets a code, and each
  // table is a Gather by code. Codes are tiered (rule words, then lexicon words, then the rest of
  // the vocabulary) so that the small tables are gathered by the code clipped to their tier.
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
  const ruleWords = [
    [PAD_TOKEN], NEGATORS, EXCLAMATIVE_VERBS, EXCLAMATIVE_INTENSIFIERS, NEGATION_BREAKERS, UNNEGATED_WORDS, CONTRAST_BEFORE, [CONTRAST_YET],
    CONTRAST_YET_AFTER, SENTENCE_ENDS, CONTRAST_AFTER, CLAUSE_ENDS, INTENSIFIERS, DIMINISHERS, STRUCTURAL_SET, space.comparatives,
  ].flatMap((keys) => [...keys]);
  const codes = new Map<string, number>();
  const tier = (keys: Iterable<string>) => {
    for (const key of [...new Set(keys)].sort()) if (!codes.has(key)) codes.set(key, codes.size + 1);
    return codes.size;
  };
  const ruleTier = tier(ruleWords);
  const lexiconTier = tier(folded[0]?.keys() ?? []);
  const vocabularyTier = tier([...space.wordIds.keys(), ...space.negatedWordIds.keys()]);
  const codeEntries = withTypographicApostrophes(byKey([...codes.entries()]));
  const code = g.node("LabelEncoder", [words], { keys_strings: codeEntries.map(([k]) => k), values_int64s: codeEntries.map(([, v]) => v), default_int64: 0 }, ML);
  const ruleCode = g.node("Min", [code, g.int64s([ruleTier + 1], [])]);
  const lexiconCode = g.node("Min", [code, g.int64s([lexiconTier + 1], [])]);
  /** A per-word value by code: entry 0 (unknown) and entry size + 1 (beyond the tier) hold `fallback`. */
  const byCode = (values: Map<string, number>, size: number, kind: "float" | "int64", input: string, fallback = 0) => {
    const table = kind === "float" ? new Float32Array(size + 2).fill(fallback) : new Array<number>(size + 2).fill(fallback);
    for (const [key, value] of values) {
      const c = codes.get(key);
      if (c === undefined || c > size) throw new Error(`"${key}" has no code in the tier of its table`);
      table[c] = value;
    }
    return g.node("Gather", [kind === "float" ? g.floats(table as Float32Array, [size + 2]) : g.int64s(table as number[], [size + 2]), input], { axis: 0 });
  };
  /** 1 for the given rule words, 0 for every other word (`value` and `otherwise` change both). */
  const flag = (keys: Iterable<string>, value = 1, otherwise = 0) => byCode(new Map([...keys].map((k) => [k, value])), ruleTier, "float", ruleCode, otherwise);
  /** 0 for the given rule words, 1 for every other word: one Gather instead of a flag and a Sub. */
  const unflag = (keys: Iterable<string>) => flag(keys, 0, 1);
  const isWord = unflag([PAD_TOKEN]);
  const wordCount = g.node("ReduceSum", [isWord, axis1], { keepdims: 0 });

  // Positions 1..T' of the words, for distances inside a segment. Padding sits only at the end of
  // a row, so the running count of real words is every real word's position (padding has no
  // features, so what its distances come to never matters).
  const isWordInt = g.node("Cast", [isWord], { to: TensorDataType.INT64 });
  const allPositions = g.node("CumSum", [isWordInt, g.int64s([1], [])]);
  // Zeros of shape [N, T' + 1]: one slot per segment, shared by every segment rule.
  const slotPadding = g.int64s([0, 0, 0, 1]);
  const slots = g.node("Mul", [g.node("Pad", [isWord, slotPadding], { mode: "constant" }), zero]);
  const slotsInt = g.node("Pad", [g.node("Mul", [isWordInt, g.int64s([0], [])]), slotPadding], { mode: "constant" });
  /**
   * token-roles.ts's segmentValue: every word takes the value of the nearest boundary before it
   * (or after it, `reverse`), boundaries take 0. Segment ids come from a cumulative sum of the
   * boundaries; each boundary scatters its value into its segment's slot; words gather it back.
   */
  const segmentValue = (boundary: string, value: string, reverse: boolean, reach?: number) => {
    const boundaryInt = g.node("Cast", [boundary], { to: TensorDataType.INT64 });
    const segment = g.node("CumSum", [boundaryInt, g.int64s([1], [])], { reverse: reverse ? 1 : 0 });
    const target = g.node("Mul", [segment, boundaryInt]);
    const scattered = g.node("ScatterElements", [slots, target, g.node("Mul", [value, boundary])], { axis: 1, reduction: "add" });
    let out = g.node("Mul", [g.node("GatherElements", [scattered, segment], { axis: 1 }), not(boundary)]);
    if (reach !== undefined) {
      // Distance to the opening boundary: this word's position minus the boundary's, scattered the same way.
      const start = g.node("ScatterElements", [slotsInt, target, g.node("Mul", [allPositions, boundaryInt])], { axis: 1, reduction: "add" });
      const distance = g.node("Sub", [allPositions, g.node("GatherElements", [start, segment], { axis: 1 })]);
      out = g.node("Mul", [out, g.node("Cast", [g.node("LessOrEqual", [distance, g.int64s([reach], [])])], { to: TensorDataType.FLOAT })]);
    }
    return out;
  };

  // Negation: a negator opens a scope unless "been" and an intensifier follow it.
  const isNegator = flag(NEGATORS);
  const exclamative = mul(next(flag(EXCLAMATIVE_VERBS)), next(next(flag(EXCLAMATIVE_INTENSIFIERS))));
  const opens = mul(isNegator, not(exclamative));
  const negated = mul(segmentValue(flag([...NEGATORS, ...NEGATION_BREAKERS]), opens, false, NEGATION_SCOPE), unflag(UNNEGATED_WORDS));

  // Contrast: the clause before "but" (within its sentence) and the clause after "although" weigh less.
  const contrastBefore = g.node("Max", [flag(CONTRAST_BEFORE), mul(flag([CONTRAST_YET]), previous(flag(CONTRAST_YET_AFTER)))]);
  const before = segmentValue(g.node("Max", [flag(SENTENCE_ENDS), contrastBefore]), contrastBefore, true);
  const contrastAfter = flag(CONTRAST_AFTER);
  const after = segmentValue(flag([...CLAUSE_ENDS, ...CONTRAST_AFTER]), contrastAfter, false);
  const subordinate = g.node("Max", [before, after]);
  const clauseWeight = g.node("Sub", [one, g.node("Mul", [subordinate, g.floats([1 - SUBORDINATE_WEIGHT], [])])]);
  // After an intensifier or a diminisher a word weighs more or less (the two lists are disjoint):
  // one table holds each word's change to the next word's weight.
  const strengthChange = byCode(
    new Map<string, number>([...INTENSIFIERS.map((w): [string, number] => [w, INTENSIFIED_WEIGHT - 1]), ...DIMINISHERS.map((w): [string, number] => [w, DIMINISHED_WEIGHT - 1])]),
    ruleTier,
    "float",
    ruleCode,
  );
  const strength = g.node("Add", [one, previous(strengthChange)]);
  const weight = g.node("Mul", [clauseWeight, strength]);

  // Words (plain or negated id) and word pairs: one tf-idf group.
  // Structural words (negators, contrast words, negative-polarity items) have no features of their
  // own: they never get an id (the space is built without them), so their id is 0 in both tables.
  const idTable = (ids: Map<string, number>) => {
    for (const key of ids.keys()) if (STRUCTURAL_SET.has(key)) throw new Error(`structural word "${key}" has a word id`);
    return byCode(ids, vocabularyTier, "int64", code);
  };
  const isNegated = g.node("Greater", [negated, g.floats([0.5], [])]);
  const wordId = g.node("Where", [isNegated, idTable(space.negatedWordIds), idTable(space.wordIds)]);
  const pairKey = g.node("Add", [g.node("Mul", [sliceHead(wordId), g.int64s([idCount(space) + 1], [])]), sliceTail(wordId, 1)]);
  const pairs = [...space.bigrams.entries()];
  const pairIndex = g.node("LabelEncoder", [pairKey], { keys_int64s: pairs.map(([k]) => k), values_int64s: pairs.map(([, v]) => v), default_int64: 0 }, ML);

  /** A [features, 2] table (scale·weight·idf, idf²) so that one Gather serves the score and the norm. */
  const groupTable = (weights: Float64Array, idf: Float64Array) => {
    const table = new Float32Array(2 * idf.length);
    idf.forEach((v, i) => {
      table[2 * i] = scale * (weights[i] as number) * v;
      table[2 * i + 1] = v * v;
    });
    return g.floats(table, [idf.length, 2]);
  };
  const split2 = (x: string, axis: number) => {
    const [a, b] = g.nodeN("Split", [x, g.int64s([1, 1])], 2, { axis });
    const axes = g.int64s([axis]);
    return [g.node("Squeeze", [a as string, axes]), g.node("Squeeze", [b as string, axes])] as const;
  };
  const wordTable = groupTable(classifier.wordWeights, space.wordIdf);
  const [unigramScore, unigramSquares] = split2(g.node("Gather", [wordTable, wordId], { axis: 0 }), 2);
  const [pairScore, pairSquares] = split2(g.node("Gather", [wordTable, pairIndex], { axis: 0 }), 2);
  const rowSum = (x: string) => g.node("ReduceSum", [x, axis1], { keepdims: 1 });
  const norm = (squares: string) => g.node("Max", [g.node("Sqrt", [squares]), g.floats([1e-6], [])]);
  const wordNorm = norm(g.node("Add", [rowSum(unigramSquares), rowSum(pairSquares)]));
  const pairWeight = g.node("Mul", [g.node("Add", [sliceHead(weight), sliceTail(weight, 1)]), g.floats([0.5], [])]);
  const pairShare = g.node("Mul", [g.node("Mul", [pairScore, pairWeight]), g.floats([0.5], [])]);
  // Each pair gives half to its first word and half to its second.
  const pairPerWord = g.node("Add", [
    g.node("Pad", [pairShare, g.int64s([0, 0, 0, 1])], { mode: "constant" }),
    g.node("Pad", [pairShare, g.int64s([0, 1, 0, 0])], { mode: "constant" }),
  ]);
  const wordPart = g.node("Div", [g.node("Add", [g.node("Mul", [unigramScore, weight]), pairPerWord]), wordNorm]);

  /** The character n-gram part of every word's contribution (absent when the space has none). */
  const characterPart = (): string => {
    const featured = unflag(STRUCTURAL_SET);
    const axis2 = g.int64s([2]);
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
    const negatedOffset = g.node("Unsqueeze", [g.node("Mul", [g.node("Cast", [negated], { to: TensorDataType.INT64 }), g.int64s([NEGATED_CHAR_OFFSET], [])]), axis2]);
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

  // Lexicons: each word's weighted valence in its slot (plain, negated, negated comparative).
  const valenceTable = (table: Map<string, number>) => byCode(table, lexiconTier, "float", lexiconCode);
  // A negated word's slot is decided by the word alone (comparative or not), so one table holds it.
  const [plainTable, negatedTable, comparativeTable] = folded as [Map<string, number>, Map<string, number>, Map<string, number>];
  const negatedSlotTable = new Map([...negatedTable].map(([word, v]): [string, number] => [word, space.comparatives.has(word) ? (comparativeTable.get(word) ?? 0) : v]));
  const plainValence = valenceTable(plainTable);
  const negatedValence = valenceTable(negatedSlotTable);
  const valence = g.node("Add", [g.node("Mul", [plainValence, not(negated)]), g.node("Mul", [negatedValence, negated])]);
  const lexiconScale = g.node("Reciprocal", [g.node("Sqrt", [g.node("Max", [g.node("Unsqueeze", [wordCount, axis1]), one])])]);
  const lexiconPart = g.node("Mul", [g.node("Mul", [valence, weight]), lexiconScale]);

  // Per-word contributions, the calibrated logit, probabilities and label.
  g.node("Add", [charPart === null ? wordPart : g.node("Add", [wordPart, charPart]), lexiconPart]);
  const contributions = g.nameLastOutput(OUTPUT_WORD_CONTRIBUTIONS);
  const bias = g.floats([scale * classifier.bias + calibration.offset], []);
  const logit = g.node("Add", [g.node("ReduceSum", [contributions, axis1], { keepdims: 0 }), bias]);
  const positive = g.node("Sigmoid", [logit]);
  const negative = g.node("Sub", [one, positive]);
  g.node("Concat", [g.node("Unsqueeze", [negative, axis1]), g.node("Unsqueeze", [positive, axis1])], { axis: 1 });
  g.nameLastOutput(OUTPUT_PROBABILITIES);
  g.node("Cast", [g.node("Greater", [positive, g.floats([0.5], [])])], { to: TensorDataType.INT64 });
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
