// From a text's row of word contributions to words with UTF-16 offsets into the text the
// caller sent. The graph tokenizes the lower-cased text with WORD_PATTERN; normalizeCase
// lower-cases the same way without changing any character's UTF-16 length, so the pattern over
// it finds the graph's tokens in the graph's order, at offsets that hold in the original text.
import { WORD_PATTERN, normalizeCase } from "../features/text-rules.js";

export interface WordSpan {
  start: number;
  end: number;
}

export interface WordContribution extends WordSpan {
  /** the text as the caller wrote it: text.slice(start, end) */
  word: string;
  /** signed contribution to the positive log-odds (logit units); > 0 pushes towards POSITIVE */
  weight: number;
}

const wordRegex = new RegExp(WORD_PATTERN, "gu");
/** Punctuation tokens carry contributions too, but an explanation names words. */
const hasLetterOrDigit = /[\p{L}\p{N}]/u;

/** The spans of the graph's word tokens, in the order the graph emits them. */
export function wordSpans(text: string): WordSpan[] {
  return Array.from(normalizeCase(text).matchAll(wordRegex), (m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** Every word of the text with its contribution, in text order. */
export function wordContributions(text: string, row: ArrayLike<number>): WordContribution[] {
  const spans = wordSpans(text);
  const out: WordContribution[] = [];
  const count = Math.min(spans.length, row.length);
  for (let i = 0; i < count; i += 1) {
    const { start, end } = spans[i] as WordSpan;
    const word = text.slice(start, end);
    if (hasLetterOrDigit.test(word)) out.push({ word, start, end, weight: row[i] as number });
  }
  return out;
}

/** The `top` words that moved the answer most (largest |weight| first; ties in text order). */
export function topContributions(text: string, row: ArrayLike<number>, top: number): WordContribution[] {
  return wordContributions(text, row)
    .filter((w) => w.weight !== 0)
    .map((w, order) => ({ w, order }))
    .sort((a, b) => Math.abs(b.w.weight) - Math.abs(a.w.weight) || a.order - b.order)
    .slice(0, top)
    .map(({ w }) => w);
}
