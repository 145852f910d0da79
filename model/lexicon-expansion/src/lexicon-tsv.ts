// The two committed lexicon formats under model/lexicons/: one header line, then
// `word<TAB>value` rows sorted by word (UTF-16 code-unit order, so every JavaScript
// runtime sorts them the same way), "\n" line ends, a final newline.

export interface LexiconRow {
  word: string;
  value: number;
}

export const LIU_HEADER = "word\tpolarity";
export const EXPANDED_HEADER = "word\tscore";

/** Code-unit order, then value: the one order both writer and readers rely on. */
export function compareRows(a: LexiconRow, b: LexiconRow): number {
  if (a.word !== b.word) return a.word < b.word ? -1 : 1;
  return a.value - b.value;
}

/** Liu's lists as rows: +1 for a positive word, -1 for a negative one, one row per list entry. */
export function liuRows(positive: readonly string[], negative: readonly string[]): LexiconRow[] {
  const rows = [
    ...positive.map((word) => ({ word, value: 1 })),
    ...negative.map((word) => ({ word, value: -1 })),
  ];
  return rows.sort(compareRows);
}

export function formatLiu(rows: readonly LexiconRow[]): string {
  return formatTsv(LIU_HEADER, rows, (value) => (value > 0 ? "+1" : "-1"));
}

/** Scores with four decimals; "-0.0000" cannot occur because kept scores are at least 0.5 away from 0. */
export function formatExpanded(rows: readonly LexiconRow[]): string {
  return formatTsv(EXPANDED_HEADER, rows, (value) => value.toFixed(4));
}

function formatTsv(header: string, rows: readonly LexiconRow[], format: (value: number) => string): string {
  const sorted = [...rows].sort(compareRows);
  return [header, ...sorted.map((row) => `${row.word}\t${format(row.value)}`)].join("\n") + "\n";
}

/** Splits a list file from a data package: one entry a line, blank lines and surrounding spaces ignored. */
export function listLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
