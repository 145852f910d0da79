// The feature space: which words (plain and negated), word pairs and in-word character n-grams
// the model knows, with their idf, and how a text becomes a sparse vector. This is the
// TypeScript twin of the ONNX graph built in export/graph.ts; the parity test holds them together.
//
// Every feature occurrence belongs to one word of the text, so a linear model's logit splits
// exactly into per-word contributions (the explanations).
import { CHAR_RADIX, charClass } from "./alphabet.js";
import { comparatives, type Lexicon } from "./lexicons.js";
import { PAD_TOKEN, wordChars, wordTokens } from "./text-rules.js";
import { STRUCTURAL_SET, tokenRoles } from "./token-roles.js";

export const CHAR_NGRAM_MIN = 2;
export const CHAR_NGRAM_MAX = 5;
/** Added to the character n-gram keys of a negated word: keys of every order stay below it. */
export const NEGATED_CHAR_OFFSET = CHAR_RADIX ** CHAR_NGRAM_MAX;
/** Lexicon feature slots per lexicon: outside negation, negated, negated comparative. */
export const LEXICON_SLOTS = 3;

export interface FeatureSpace {
  /** plain words: id i + 1 */
  words: string[];
  /** words seen inside a negation's scope: id words.length + i + 1 */
  negatedWords: string[];
  wordIds: Map<string, number>;
  negatedWordIds: Map<string, number>;
  /** pair key (id1 * (idCount + 1) + id2) → index in the word group */
  bigrams: Map<number, number>;
  /** character n-gram key → index in the char group (from 1) */
  charNgrams: Map<number, number>;
  /** idf by index; index 0 is the unknown slot with idf 0 */
  wordIdf: Float64Array;
  charIdf: Float64Array;
  lexicons: Lexicon[];
  comparatives: Set<string>;
}

export function idCount(space: Pick<FeatureSpace, "words" | "negatedWords">): number {
  return space.words.length + space.negatedWords.length;
}

export interface TokenView {
  token: string;
  negated: boolean;
  /** 1, or less in the weaker clause of a contrast */
  weight: number;
  /** plain or negated word id; 0 when unknown */
  id: number;
  /** character n-gram keys of the word (negated offset applied) */
  charKeys: number[];
  /** a negator, contrast word or negative-polarity item: no word, character or lexicon features */
  structural: boolean;
}

export function bigramKey(first: number, second: number, ids: number): number {
  return first * (ids + 1) + second;
}

/** Character n-gram keys of one word with its marks, n from CHAR_NGRAM_MIN to CHAR_NGRAM_MAX. */
export function wordCharKeys(word: string): number[] {
  const classes = wordChars(word).map(charClass);
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

type IdLookup = Pick<FeatureSpace, "wordIds" | "negatedWordIds" | "words">;

/** A word's id in the space: its negated id inside a negation's scope; 0 when unknown or structural. */
function wordIdOf(view: Pick<TokenView, "token" | "negated" | "structural">, space: IdLookup): number {
  if (view.structural) return 0;
  return (view.negated ? space.negatedWordIds.get(view.token) : space.wordIds.get(view.token)) ?? 0;
}

export function tokenViews(text: string, space: IdLookup | null): TokenView[] {
  const tokens = wordTokens(text);
  const roles = tokenRoles(tokens);
  return tokens.map((token, t) => {
    const negated = roles.negated[t] as boolean;
    const weight = roles.weight[t] as number;
    if (STRUCTURAL_SET.has(token)) return { token, negated, weight, id: 0, charKeys: [], structural: true };
    const offset = negated ? NEGATED_CHAR_OFFSET : 0;
    const id = space ? wordIdOf({ token, negated, structural: false }, space) : 0;
    return { token, negated, weight, id, charKeys: wordCharKeys(token).map((k) => k + offset), structural: false };
  });
}

function smoothIdf(documents: number, documentFrequency: number): number {
  return Math.log((1 + documents) / (1 + documentFrequency)) + 1;
}

function countDistinct<K>(counts: Map<K, number>, keys: Iterable<K>): void {
  for (const key of new Set(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
}

/**
 * Builds the space from training texts; every n-gram seen in at least `minCount` texts is kept.
 * Without `characterNgrams` the space has no character n-grams (and the graph no character part).
 */
export function buildFeatureSpace(texts: string[], lexicons: Lexicon[], minCount = 1, characterNgrams = true): FeatureSpace {
  if (texts.some((t) => t.includes(PAD_TOKEN))) throw new Error("training texts must not contain the padding character");
  const views = texts.map((text) => tokenViews(text, null));
  const plainDf = new Map<string, number>();
  const negatedDf = new Map<string, number>();
  for (const view of views) {
    countDistinct(plainDf, view.filter((v) => !v.negated && !v.structural).map((v) => v.token));
    countDistinct(negatedDf, view.filter((v) => v.negated && !v.structural).map((v) => v.token));
  }
  const keep = (df: Map<string, number>) => [...df.keys()].filter((w) => (df.get(w) as number) >= minCount).sort();
  const words = keep(plainDf);
  const negatedWords = keep(negatedDf);
  const wordIds = new Map(words.map((w, i) => [w, i + 1]));
  const negatedWordIds = new Map(negatedWords.map((w, i) => [w, words.length + i + 1]));
  const ids = words.length + negatedWords.length;
  const lookup = { wordIds, negatedWordIds, words };

  const bigramDf = new Map<number, number>();
  const charDf = new Map<number, number>();
  for (const unnumbered of views) {
    const view = unnumbered.map((v) => ({ ...v, id: wordIdOf(v, lookup) }));
    countDistinct(bigramDf, wordPairs(view).map(([a, b]) => bigramKey(a, b, ids)));
    if (characterNgrams) countDistinct(charDf, view.flatMap((v) => v.charKeys));
  }
  const bigramKeys = [...bigramDf.keys()].filter((k) => (bigramDf.get(k) as number) >= minCount).sort((a, b) => a - b);
  const charKeys = [...charDf.keys()].filter((k) => (charDf.get(k) as number) >= minCount).sort((a, b) => a - b);

  const n = texts.length;
  const wordIdf = new Float64Array(1 + ids + bigramKeys.length);
  words.forEach((w, i) => (wordIdf[i + 1] = smoothIdf(n, plainDf.get(w) as number)));
  negatedWords.forEach((w, i) => (wordIdf[words.length + i + 1] = smoothIdf(n, negatedDf.get(w) as number)));
  const bigrams = new Map<number, number>();
  bigramKeys.forEach((key, j) => {
    const index = 1 + ids + j;
    bigrams.set(key, index);
    wordIdf[index] = smoothIdf(n, bigramDf.get(key) as number);
  });
  const charIdf = new Float64Array(1 + charKeys.length);
  const charNgrams = new Map<number, number>();
  charKeys.forEach((key, j) => {
    charNgrams.set(key, j + 1);
    charIdf[j + 1] = smoothIdf(n, charDf.get(key) as number);
  });
  return { words, negatedWords, wordIds, negatedWordIds, bigrams, charNgrams, wordIdf, charIdf, lexicons, comparatives: comparatives(lexicons) };
}

function wordPairs(view: TokenView[]): Array<[number, number, number]> {
  const pairs: Array<[number, number, number]> = [];
  for (let t = 0; t + 1 < view.length; t += 1) {
    const a = view[t] as TokenView;
    const b = view[t + 1] as TokenView;
    if (a.id > 0 && b.id > 0) pairs.push([a.id, b.id, t]);
  }
  return pairs;
}

/** One feature occurrence: its index in its group, the word it belongs to, and its weight factor. */
export interface Occurrence {
  index: number;
  /** the word credited with it; a word pair is shared equally by its two words */
  tokens: number[];
  factor: number;
}

/** The text as the model sees it: occurrences of the two tf-idf groups plus per-word lexicon slots. */
export interface TextFeatures {
  views: TokenView[];
  word: Occurrence[];
  char: Occurrence[];
  /** L2 norms of the two groups (over every occurrence's idf, before weights), floored at 1e-6 */
  wordNorm: number;
  charNorm: number;
  /** per token: lexicon slot (0 plain, 1 negated, 2 negated comparative) */
  lexiconSlot: number[];
  /** 1 / sqrt(max(token count, 1)) */
  lexiconScale: number;
}

export function textFeatures(text: string, space: FeatureSpace): TextFeatures {
  const views = tokenViews(text, space);
  const word: Occurrence[] = [];
  views.forEach((v, t) => {
    if (v.id > 0) word.push({ index: v.id, tokens: [t], factor: v.weight });
  });
  for (const [a, b, t] of wordPairs(views)) {
    const index = space.bigrams.get(bigramKey(a, b, idCount(space)));
    if (index !== undefined) word.push({ index, tokens: [t, t + 1], factor: ((views[t] as TokenView).weight + (views[t + 1] as TokenView).weight) / 2 });
  }
  const char: Occurrence[] = [];
  views.forEach((v, t) => {
    for (const key of v.charKeys) {
      const index = space.charNgrams.get(key);
      if (index !== undefined) char.push({ index, tokens: [t], factor: v.weight });
    }
  });
  const norm = (occurrences: Occurrence[], idf: Float64Array) =>
    Math.max(Math.sqrt(occurrences.reduce((s, o) => s + (idf[o.index] as number) ** 2, 0)), 1e-6);
  return {
    views,
    word,
    char,
    wordNorm: norm(word, space.wordIdf),
    charNorm: norm(char, space.charIdf),
    lexiconSlot: views.map((v) => (!v.negated ? 0 : space.comparatives.has(v.token) ? 2 : 1)),
    lexiconScale: 1 / Math.sqrt(Math.max(views.length, 1)),
  };
}

/** A sparse group: summed values per index. */
export interface SparseGroup {
  indices: number[];
  values: number[];
}

function sparseGroup(occurrences: Occurrence[], idf: Float64Array, norm: number): SparseGroup {
  const sums = new Map<number, number>();
  for (const o of occurrences) sums.set(o.index, (sums.get(o.index) ?? 0) + (o.factor * (idf[o.index] as number)) / norm);
  const indices = [...sums.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => sums.get(i) as number) };
}

export interface FeatureVector {
  word: SparseGroup;
  char: SparseGroup;
  /** LEXICON_SLOTS values per lexicon */
  lexicon: number[];
}

/** One word's value in one lexicon feature (index `slot` of the lexicon group). */
export interface LexiconTerm {
  token: number;
  slot: number;
  value: number;
}

/** Every word's lexicon terms, lexicon by lexicon and in text order (the order sums are taken in). */
export function lexiconTerms(f: TextFeatures, space: FeatureSpace): LexiconTerm[] {
  const terms: LexiconTerm[] = [];
  space.lexicons.forEach((lex, l) => {
    f.views.forEach((v, t) => {
      const valence = lex.valence.get(v.token);
      if (valence === undefined || v.structural) return;
      terms.push({ token: t, slot: l * LEXICON_SLOTS + (f.lexiconSlot[t] as number), value: v.weight * valence * f.lexiconScale });
    });
  });
  return terms;
}

export function vectorOf(f: TextFeatures, space: FeatureSpace): FeatureVector {
  const lexicon = new Array<number>(space.lexicons.length * LEXICON_SLOTS).fill(0);
  for (const term of lexiconTerms(f, space)) lexicon[term.slot] = (lexicon[term.slot] as number) + term.value;
  return { word: sparseGroup(f.word, space.wordIdf, f.wordNorm), char: sparseGroup(f.char, space.charIdf, f.charNorm), lexicon };
}

export function featurize(text: string, space: FeatureSpace): FeatureVector {
  return vectorOf(textFeatures(text, space), space);
}
