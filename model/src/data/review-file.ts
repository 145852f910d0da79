// Reads one file of the multi-domain review data (Blitzer, Dredze and Pereira 2007). It looks
// like XML but is not: no root element, "&" unescaped in places, HTML entities elsewhere, bytes
// in Windows-1252. Each <review> block has one field per tag on its own lines.
import { DataFileError } from "./phrase-file.js";

export interface SourceReview {
  /** the block's <unique_id> */
  id: string;
  asin: string;
  rating: number;
  title: string;
  text: string;
}

const FIELD = /<(unique_id|asin|rating|title|review_text)>\n([\s\S]*?)\n<\/\1>/g;
const NAMED_ENTITIES: Record<string, string> = { quot: '"', amp: "&", lt: "<", gt: ">", apos: "'", nbsp: " " };

/** Replaces HTML entities (&quot; &#8217; &#x2019;); an unknown or bare "&" stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#")) {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

// Windows-1252's printable characters at 0x80–0x9f (Latin-1 has control characters there); the
// five undefined bytes stay as their Latin-1 code points and are dropped by normalisation.
const CP1252_HIGH = "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/** Decodes Windows-1252 by hand: Node's TextDecoder reads it as Latin-1 without full ICU. */
export function decodeReviewBytes(bytes: Uint8Array): string {
  let out = "";
  for (let start = 0; start < bytes.length; start += 65536) {
    const chunk = bytes.subarray(start, start + 65536);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? (CP1252_HIGH.charCodeAt(b - 0x80)) : b)));
  }
  return out;
}

export function parseReviews(content: string, file: string): SourceReview[] {
  const reviews: SourceReview[] = [];
  const blocks = content.split("<review>\n").slice(1);
  let line = 1 + (content.split("<review>\n")[0] as string).split("\n").length - 1;
  for (const block of blocks) {
    const fields: Record<string, string> = {};
    for (const match of block.matchAll(FIELD)) fields[match[1] as string] = (match[2] as string).trim();
    const { unique_id: id, asin, rating, title, review_text: text } = fields;
    if (id === undefined || asin === undefined || rating === undefined || title === undefined || text === undefined) {
      throw new DataFileError(file, line, "a <review> block lacks one of unique_id, asin, rating, title, review_text");
    }
    const stars = Number(rating);
    if (!(stars >= 1 && stars <= 5)) throw new DataFileError(file, line, `rating "${rating}" is not between 1 and 5`);
    reviews.push({ id, asin, rating: stars, title: decodeEntities(title), text: decodeEntities(text) });
    line += block.split("\n").length;
  }
  if (reviews.length === 0) throw new DataFileError(file, 1, "the file holds no <review> block");
  return reviews;
}
