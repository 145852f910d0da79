// Normalisation and sentence splitting for review texts: what a training row of the data in
// model/data is made of.

/** One line of plain text: typographic quotes and dashes folded, control characters and runs of white space made one space. */
export function normaliseText(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, " - ")
    .replace(/\u2026/g, "...")
    .replace(/[\u0000-\u001f\u007f-\u009f\u00a0\ufeff]/g, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}

// A sentence ends at ., ! or ? (with any closing quotes or brackets) followed by white space and
// something that can open a sentence; common abbreviations and initials do not end one.
const ABBREVIATIONS = new Set(["mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "jr", "sr", "no", "vol", "approx", "min", "max", "ft", "oz", "lb", "lbs", "inc", "co"]);
const BOUNDARY = /([.!?]+["')\]]*)\s+(?=["'(\[]?[A-Z0-9])/g;

/** Splits a review text into sentences: at paragraph breaks, then at sentence-final punctuation. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n\s*\n|\n/)) {
    let start = 0;
    for (const match of paragraph.matchAll(BOUNDARY)) {
      const end = (match.index as number) + (match[1] as string).length;
      const before = paragraph.slice(start, match.index).split(/\s+/).pop() ?? "";
      const word = before.toLowerCase().replace(/^["'(\[]+/, "");
      if (match[1] === "." && (ABBREVIATIONS.has(word) || /^[a-z]$/i.test(word))) continue;
      sentences.push(paragraph.slice(start, end));
      start = end;
    }
    sentences.push(paragraph.slice(start));
  }
  return sentences.map(normaliseText).filter((s) => s !== "");
}

/** Words of a sentence as counted for the length limits (runs of letters or digits). */
export function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? []).length;
}
