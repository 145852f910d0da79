// The text rules shared by training (in TypeScript) and serving (inside the ONNX graph).
// Every pattern here is written so that JavaScript's `u` regexes and RE2 (used by the
// onnxruntime Tokenizer) read it the same way: explicit character classes, no `\s`, no `.`.

/** Word tokens: letters/digits with inner apostrophes ("isn't"), clitics ("'s"), and ! ?. */
export const WORD_PATTERN = "[\\p{L}\\p{N}]+(?:['\u2019]\\p{L}+)*|['\u2019]\\p{L}+|[!?]";
/** What the Tokenizer pads short rows with; no pattern above can ever produce it. */
export const PAD_TOKEN = "\u0001";
/** The Tokenizer's begin/end-of-text marks (its `mark` attribute). */
export const BEGIN_MARK = "\u0002";
export const END_MARK = "\u0003";

const wordRegex = new RegExp(WORD_PATTERN, "gu");

/** Lower-cases the way the graph's StringNormalizer does for the characters that matter here. */
export function normalizeCase(text: string): string {
  return text.toLowerCase();
}

/** Folds typographic apostrophes so "don’t" and "don't" are one word. */
export function canonicalWord(token: string): string {
  return token.replaceAll("\u2019", "'");
}

export function wordTokens(text: string): string[] {
  return Array.from(normalizeCase(text).matchAll(wordRegex), (m) => m[0]);
}

export function charTokens(text: string): string[] {
  // The graph's Tokenizer splits into code points when its only separator is "".
  const chars = Array.from(normalizeCase(text));
  return chars.length === 0 ? chars : [BEGIN_MARK, ...chars, END_MARK];
}

/** Words that flip the polarity of the few words after them. */
export const NEGATORS = [
  "not", "no", "never", "n't", "cannot", "nothing", "nobody", "none", "neither", "nor", "without", "hardly", "barely",
  "can't", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't", "won't", "wouldn't", "couldn't",
  "shouldn't", "haven't", "hasn't", "hadn't", "ain't", "lacks", "lacking",
] as const;
/** How many following words a negator reaches. */
export const NEGATION_WINDOW = 3;
