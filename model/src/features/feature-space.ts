// The feature space: which words, word pairs and character n-grams the model knows, with
// their idf, and how a text becomes a sparse vector. This is the TypeScript twin of the
// ONNX graph built in export/graph.ts; the parity test holds the two together.
import { CHAR_RADIX, charClass } from "./alphabet.js";
import type { Lexicon } from "./lexicons.js";
import { NEGATION_WINDOW, NEGATORS, canonicalWord, charTokens, wordTokens } from "./text-rules.js";

export const CHAR_NGRAM_MIN = 2;
export const CHAR_NGRAM_MAX = 5;

export interface FeatureSpace {
  /** words[i - 1] has word id i; id 0 is "unknown". */
  words: string[];
  wordIds: Map<string, number>;
  /** pair key (id1 * (words.length + 1) + id2) → index in the word group */
  bigrams: Map<number, number>;
  /** character n-gram key → index in the char group (from 1) */
  charNgrams: Map<number, number>;
  /** idf by index; index 0 is the unknown slot with idf 0 */
  wordIdf: Float64Array;
  charIdf: Float64Array;
  lexicons: Lexicon[];
}

export interface TextAnalysis {
  wordIds: number[];
  charClasses: number[];
  tokens: string[];
}

export function analyze(text: string, space: Pick<FeatureSpace, "wordIds">): TextAnalysis {
  const tokens = wordTokens(text).map(canonicalWord);
  return {
    tokens,
    wordIds: tokens.map((t) => space.wordIds.get(t) ?? 0),
    charClasses: charTokens(text).map(charClass),
  };
}

export function bigramKey(first: number, second: number, vocabularySize: number): number {
  return first * (vocabularySize + 1) + second;
}

/** Every character n-gram key of a class sequence, n from CHAR_NGRAM_MIN to CHAR_NGRAM_MAX. */
export function charNgramKeys(classes: number[]): number[] {
  const keys: number[] = [];
  let previous = classes.slice();
  for (let n = 2; n <= CHAR_NGRAM_MAX; n += 1) {
    const current: number[] = [];
    for (let t = 0; t + n <= classes.length; t += 1) current.push((previous[t] as number) * CHAR_RADIX + (classes[t + n - 1] as number));
    if (n >= CHAR_NGRAM_MIN) keys.push(...current);
    previous = current;
  }
  return keys;
}

function wordPairs(ids: number[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let t = 0; t + 1 < ids.length; t += 1) {
    const a = ids[t] as number;
    const b = ids[t + 1] as number;
    if (a > 0 && b > 0) pairs.push([a, b]);
  }
  return pairs;
}

function smoothIdf(documents: number, documentFrequency: number): number {
  return Math.log((1 + documents) / (1 + documentFrequency)) + 1;
}

/** Builds the space from training texts; every n-gram seen at least `minCount` times is kept. */
export function buildFeatureSpace(texts: string[], lexicons: Lexicon[], minCount = 1): FeatureSpace {
  const wordDf = new Map<string, number>();
  for (const text of texts) {
    for (const token of new Set(wordTokens(text).map(canonicalWord))) wordDf.set(token, (wordDf.get(token) ?? 0) + 1);
  }
  const words = [...wordDf.keys()].filter((w) => (wordDf.get(w) as number) >= minCount).sort();
  const wordIds = new Map(words.map((w, i) => [w, i + 1]));

  const bigramDf = new Map<number, number>();
  const charDf = new Map<number, number>();
  for (const text of texts) {
    const { wordIds: ids, charClasses } = analyze(text, { wordIds });
    for (const key of new Set(wordPairs(ids).map(([a, b]) => bigramKey(a, b, words.length)))) {
      bigramDf.set(key, (bigramDf.get(key) ?? 0) + 1);
    }
    for (const key of new Set(charNgramKeys(charClasses))) charDf.set(key, (charDf.get(key) ?? 0) + 1);
  }
  const bigramKeys = [...bigramDf.keys()].filter((k) => (bigramDf.get(k) as number) >= minCount).sort((a, b) => a - b);
  const charKeys = [...charDf.keys()].filter((k) => (charDf.get(k) as number) >= minCount).sort((a, b) => a - b);

  const n = texts.length;
  const wordIdf = new Float64Array(1 + words.length + bigramKeys.length);
  words.forEach((w, i) => (wordIdf[i + 1] = smoothIdf(n, wordDf.get(w) as number)));
  const bigrams = new Map<number, number>();
  bigramKeys.forEach((key, j) => {
    const index = 1 + words.length + j;
    bigrams.set(key, index);
    wordIdf[index] = smoothIdf(n, bigramDf.get(key) as number);
  });
  const charIdf = new Float64Array(1 + charKeys.length);
  const charNgrams = new Map<number, number>();
  charKeys.forEach((key, j) => {
    charNgrams.set(key, j + 1);
    charIdf[j + 1] = smoothIdf(n, charDf.get(key) as number);
  });
  return { words, wordIds, bigrams, charNgrams, wordIdf, charIdf, lexicons };
}

/** A text as the model sees it: two L2-normalised tf-idf groups plus dense lexicon scores. */
export interface FeatureVector {
  word: SparseGroup;
  char: SparseGroup;
  lexicon: number[];
}

export interface SparseGroup {
  indices: number[];
  values: number[];
}

function normalizedGroup(occurrences: number[], idf: Float64Array): SparseGroup {
  let squares = 0;
  const sums = new Map<number, number>();
  for (const index of occurrences) {
    const weight = idf[index] as number;
    squares += weight * weight;
    sums.set(index, (sums.get(index) ?? 0) + weight);
  }
  // Graph twin: Sqrt of the summed squares of every occurrence, floored at 1e-6 before dividing.
  const norm = Math.max(Math.sqrt(squares), 1e-6);
  const indices = [...sums.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => (sums.get(i) as number) / norm) };
}

export const LEXICON_FEATURES_PER_LEXICON = 2;
const negators: ReadonlySet<string> = new Set(NEGATORS);

/** Per lexicon: summed valence outside and inside a negation's reach, over sqrt(word count). */
export function lexiconFeatures(tokens: string[], lexicons: Lexicon[]): number[] {
  const negated = tokens.map((_, t) => {
    for (let back = 1; back <= NEGATION_WINDOW; back += 1) if (negators.has(tokens[t - back] ?? "")) return true;
    return false;
  });
  const scale = Math.sqrt(Math.max(tokens.length, 1));
  const features: number[] = [];
  for (const lexicon of lexicons) {
    let plain = 0;
    let flipped = 0;
    tokens.forEach((token, t) => {
      const valence = lexicon.valence.get(token) ?? 0;
      if (negated[t]) flipped += valence;
      else plain += valence;
    });
    features.push(plain / scale, flipped / scale);
  }
  return features;
}

export function featurize(text: string, space: FeatureSpace): FeatureVector {
  const { tokens, wordIds: ids, charClasses } = analyze(text, space);
  const wordOccurrences = ids.filter((id) => id > 0);
  for (const [a, b] of wordPairs(ids)) {
    const index = space.bigrams.get(bigramKey(a, b, space.words.length));
    if (index !== undefined) wordOccurrences.push(index);
  }
  const charOccurrences: number[] = [];
  for (const key of charNgramKeys(charClasses)) {
    const index = space.charNgrams.get(key);
    if (index !== undefined) charOccurrences.push(index);
  }
  return {
    word: normalizedGroup(wordOccurrences, space.wordIdf),
    char: normalizedGroup(charOccurrences, space.charIdf),
    lexicon: lexiconFeatures(tokens, space.lexicons),
  };
}
