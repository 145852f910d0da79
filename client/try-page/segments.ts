// Cuts the analysed text into what the page draws: sentences (tinted by their probability) made of
// plain runs and highlighted words. Offsets are the API's: UTF-16 code units of the analysed text,
// which are JavaScript string indices, so an emoji (two units) or a decomposed accent before a word
// moves it exactly as the API counted.

export interface Span {
  start: number;
  end: number;
}

export interface SentenceSpan extends Span {
  positiveProbability: number;
}

export interface WordSpan extends Span {
  weight: number;
}

export type Piece = { kind: "text"; text: string; start: number } | { kind: "word"; text: string; start: number; end: number; weight: number; rank: number };

export type Block = { kind: "gap"; text: string; start: number } | { kind: "sentence"; index: number; start: number; end: number; positiveProbability: number; pieces: Piece[] };

/** Words by rank (the API's order: strongest first), kept only when they sit inside the text and
 *  overlap no stronger word. */
function usableWords(text: string, words: readonly WordSpan[]): Array<WordSpan & { rank: number }> {
  const kept: Array<WordSpan & { rank: number }> = [];
  words.forEach((word, rank) => {
    if (!(word.start >= 0 && word.end <= text.length && word.start < word.end)) return;
    if (kept.some((k) => word.start < k.end && k.start < word.end)) return;
    kept.push({ ...word, rank });
  });
  return kept.sort((a, b) => a.start - b.start);
}

function piecesOf(text: string, span: Span, words: ReadonlyArray<WordSpan & { rank: number }>): Piece[] {
  const pieces: Piece[] = [];
  let at = span.start;
  for (const word of words) {
    if (word.start < span.start || word.end > span.end) continue;
    if (word.start > at) pieces.push({ kind: "text", text: text.slice(at, word.start), start: at });
    pieces.push({ kind: "word", text: text.slice(word.start, word.end), start: word.start, end: word.end, weight: word.weight, rank: word.rank });
    at = word.end;
  }
  if (at < span.end) pieces.push({ kind: "text", text: text.slice(at, span.end), start: at });
  return pieces;
}

/** The whole text, in order: every character appears exactly once, in a gap or a sentence. */
export function layout(text: string, sentences: readonly SentenceSpan[], words: readonly WordSpan[]): Block[] {
  const kept = usableWords(text, words);
  const blocks: Block[] = [];
  let at = 0;
  const ordered = sentences.filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end).sort((a, b) => a.start - b.start);
  ordered.forEach((sentence, index) => {
    if (sentence.start < at) return;
    if (sentence.start > at) blocks.push({ kind: "gap", text: text.slice(at, sentence.start), start: at });
    blocks.push({ kind: "sentence", index, start: sentence.start, end: sentence.end, positiveProbability: sentence.positiveProbability, pieces: piecesOf(text, sentence, kept) });
    at = sentence.end;
  });
  if (at < text.length) blocks.push({ kind: "gap", text: text.slice(at), start: at });
  return blocks;
}

/** A word's weight in plain words: "pushed towards negative by 2.7". */
export function describeWeight(weight: number): string {
  const direction = weight >= 0 ? "positive" : "negative";
  return `pushed towards ${direction} by ${Math.abs(weight).toFixed(1)}`;
}

/** How far from neutral a probability is, 0 (0.5) to 1 (0 or 1): the strength of a tint. */
export function tintStrength(positiveProbability: number): number {
  return Math.min(1, Math.abs(positiveProbability - 0.5) * 2);
}

/** Characters as the API counts them: code points of the text without white space at either end. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text.trim()) count += 1;
  return count;
}
