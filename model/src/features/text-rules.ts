// The text rules shared by training (in TypeScript) and serving (inside the ONNX graph).
// Every pattern here is written so that JavaScript's `u` regexes and RE2 (used by the
// onnxruntime Tokenizer) read it the same way: explicit character classes, no `\s`, no `.`.

/**
 * Word tokens of the lower-cased text: Latin letters and digits (at most 20 in a row, so one
 * long string cannot blow up the per-word character matrix), inner apostrophes ("isn't"),
 * clitics ("'s", "n't"), any other letter or digit on its own, and the punctuation that ends
 * a negation or a clause. RE2 compiles bounded repeats of small classes cheaply; a bounded
 * repeat of \p{L} would exhaust its DFA, hence one token per letter of other scripts.
 */
export const WORD_PATTERN =
  "[a-z0-9\u00df-\u00f6\u00f8-\u024f]{1,20}(?:['\u2019][a-z]{1,6}){0,2}|['\u2019][a-z]{1,6}|[\\p{L}\\p{N}]|[!?.,;:]";
/** What the Tokenizer pads short rows with; no pattern above can ever produce it. */
export const PAD_TOKEN = "\u0001";
/** The Tokenizer's begin/end-of-word marks (its `mark` attribute). */
export const BEGIN_MARK = "\u0002";
export const END_MARK = "\u0003";

const wordRegex = new RegExp(WORD_PATTERN, "gu");

/**
 * Lower-cases the way the graph's StringNormalizer (towlower, one code point to one) does:
 * where JavaScript's full mapping would grow a character ("İ" → "i̇"), only its first code
 * point is kept. The result has the text's UTF-16 length, so offsets carry over.
 */
export function normalizeCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = "";
  for (const c of text) {
    const l = String.fromCodePoint(c.toLowerCase().codePointAt(0) as number);
    out += l.length === c.length ? l : c;
  }
  return out;
}

/** Folds typographic apostrophes so "don’t" and "don't" are one word. */
export function canonicalWord(token: string): string {
  return token.replaceAll("\u2019", "'");
}

export function wordTokens(text: string): string[] {
  return Array.from(normalizeCase(text).matchAll(wordRegex), (m) => canonicalWord(m[0]));
}

/** A word's characters between begin and end marks, as the graph's per-word Tokenizer gives them. */
export function wordChars(word: string): string[] {
  return [BEGIN_MARK, ...Array.from(word), END_MARK];
}

/** Words that flip the polarity of the words after them (NEGATION_SCOPE at most), up to the next punctuation, contrast or negator. */
export const NEGATORS = [
  "not", "no", "never", "n't", "cannot", "nothing", "nobody", "none", "neither", "nor", "without", "hardly", "barely",
  "can't", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't", "won't", "wouldn't", "couldn't",
  "shouldn't", "haven't", "hasn't", "hadn't", "ain't", "lacks", "lacking",
  // as typed without the apostrophe ("dont", "doesnt"): a missing apostrophe must not undo a negation
  "cant", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "wont", "wouldnt", "couldnt",
  "shouldnt", "havent", "hasnt", "hadnt", "aint",
] as const;
/**
 * Function words and negative-polarity items ("at all", "whatsoever", "in the slightest") stay
 * unmarked inside a negation's scope: in the movie phrases a negated "the" or "all" would only
 * learn that negated sentences tend to be negative, which is what the negator's own weight says.
 */
export const UNNEGATED_WORDS = [
  "a", "an", "the", "at", "all", "about", "in", "on", "of", "to", "for", "with", "by", "from", "as", "into", "than",
  "it", "its", "it's", "this", "that", "these", "those", "i", "we", "you", "he", "she", "they", "me", "us", "them",
  "my", "our", "your", "his", "her", "their", "is", "are", "was", "were", "be", "been", "being", "am", "have", "has",
  "had", "do", "does", "did", "and", "or", "there", "here", "any", "anything", "anyone", "some", "single", "one", "just", "even", "way", "would", "could", "should", "will", "can", "may", "might", "must",
] as const;
/**
 * Words that carry no word or character features of their own: negative-polarity items, which
 * only ever occur in negated sentences, and the contrast words, intensifiers and diminishers,
 * whose effect is structural (they weigh the words around them). Their own weights would only learn how often
 * negated or contrasted movie phrases are negative, and push every "no complaints" down.
 */
export const STRUCTURAL_WORDS = ["whatsoever", "slightest", "ever"] as const;
/** How many words after a negator it reaches at most. */
export const NEGATION_SCOPE = 4;
/**
 * "never been so happy", "haven't been this disappointed", "couldn't be more pleased", "couldn't
 * have been more helpful": a negator followed by "been" or "be" (at most one function word of
 * UNNEGATED_WORDS between them) and an intensifier exclaims rather than negates, so it does not
 * open a scope. Hedges with "be" are read as exclamations too ("I would not be so quick to buy
 * it", "may not be such a great deal"); without "be" the cross-validation lost 0.03 points.
 */
export const EXCLAMATIVE_VERBS = ["been", "be"] as const;
export const EXCLAMATIVE_INTENSIFIERS = ["so", "this", "such", "more"] as const;

/** Punctuation tokens: they end a negation's scope. */
export const PUNCTUATION = [".", ",", ";", ":", "!", "?"] as const;
/** Tokens that end a sentence, and with it the reach of a contrast. */
export const SENTENCE_ENDS = [".", "!", "?"] as const;

/** "A but B": the clause before the word (within its sentence) gives way to the one after it. */
export const CONTRAST_BEFORE = ["but", "however", "nevertheless", "nonetheless"] as const;
/** "yet" contrasts only after a comma or "and" ("good, yet dull"); elsewhere it means "so far". */
export const CONTRAST_YET = "yet";
export const CONTRAST_YET_AFTER = [",", "and"] as const;
/** "although A, B": the clause after the word (up to a comma or the sentence's end) is the weaker one. */
export const CONTRAST_AFTER = ["although", "though", "despite", "whereas"] as const;
/** Tokens that close an "although" clause. */
export const CLAUSE_ENDS = [",", ";", ":", ".", "!", "?"] as const;
/** Words that strengthen the next word ("very rude"): its features weigh INTENSIFIED_WEIGHT. */
export const INTENSIFIERS = [
  "very", "really", "extremely", "incredibly", "super", "so", "truly", "totally", "absolutely", "utterly", "highly",
  "exceptionally", "remarkably", "seriously", "insanely", "ridiculously", "especially", "particularly", "unbelievably", "thoroughly",
] as const;
export const INTENSIFIED_WEIGHT = 1.5;
/** Words that soften the next word ("a bit slow"): its features weigh DIMINISHED_WEIGHT. */
export const DIMINISHERS = ["slightly", "somewhat", "bit", "tad", "little", "fairly", "rather", "kinda", "mildly", "marginally", "partly"] as const;
export const DIMINISHED_WEIGHT = 0.6;
/**
 * The weight of every feature of a word in the weaker clause of a contrast (VADER uses 0.5). 0.25
 * against 0.4 before: level on the cross-validation, a quarter fewer contrast failures on the
 * behavioural suite's dev split (docs/model.md, "Rules").
 */
export const SUBORDINATE_WEIGHT = 0.25;
