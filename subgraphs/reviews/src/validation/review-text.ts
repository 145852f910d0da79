// The input rules for review text. They are enforced here and only here: the gateway and the ML
// service trust what this module lets through. What a number is and which characters count
// towards the minimum come from @sentiment/schema (text-rules.ts), which the try-it page shares.
import { API_LIMITS, looksLikeNumber, sentenceSpans, visibleCount } from "@sentiment/schema";
import { z } from "zod";

export const MIN_REVIEW_LENGTH = API_LIMITS.reviewText.min;
export const MAX_REVIEW_LENGTH = API_LIMITS.reviewText.max;
export const MAX_BATCH_TEXTS = API_LIMITS.analyzeTexts.max;
export const MAX_STORED_SENTENCES = API_LIMITS.sentencesPerText.max;

export const REVIEW_MESSAGES = {
  tooShort: `Review must be at least ${MIN_REVIEW_LENGTH} characters`,
  tooLong: `Review must be at most ${MAX_REVIEW_LENGTH} characters`,
  number: "Review cannot be a number",
  control: "Review must not contain control characters (other than tab and newline)",
  unicode: "Review must be valid Unicode text",
} as const;

// C0 controls other than tab and newline, DEL, and the C1 controls.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// Characters that take no space on screen: zero-width spaces and joiners, bidi controls,
// variation selectors, soft hyphens, tags, Hangul fillers. They cannot disguise a number.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/u;
// Characters that take space but show nothing: white space of any kind and the braille blank
// (U+2800, a symbol, not a space, to Unicode).
const BLANK = /[\p{White_Space}\u2800]/u;
const EDGE = new RegExp(`${INVISIBLE.source}|${BLANK.source}`, "u");
/** Trims white space, blank and invisible characters from both ends, one code point at a time
 *  (a regular expression anchored at the end would rescan every run of spaces). */
function trimEdges(text: string): string {
  const points = Array.from(text);
  let start = 0;
  let end = points.length;
  while (start < end && EDGE.test(points[start] as string)) start += 1;
  while (end > start && EDGE.test(points[end - 1] as string)) end -= 1;
  return start === 0 && end === points.length ? text : points.slice(start, end).join("");
}

/** Length in code points, not UTF-16 units. */
function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export const reviewTextSchema = z
  .string()
  .transform((raw) => trimEdges(raw.replace(/\r\n/g, "\n")))
  .superRefine((text, ctx) => {
    if (!text.isWellFormed()) ctx.addIssue({ code: "custom", message: REVIEW_MESSAGES.unicode });
    else if (CONTROL.test(text)) ctx.addIssue({ code: "custom", message: REVIEW_MESSAGES.control });
    else if (visibleCount(text, MIN_REVIEW_LENGTH) < MIN_REVIEW_LENGTH) ctx.addIssue({ code: "custom", message: REVIEW_MESSAGES.tooShort });
    else if (characterCount(text) > MAX_REVIEW_LENGTH) ctx.addIssue({ code: "custom", message: REVIEW_MESSAGES.tooLong });
    else if (looksLikeNumber(text)) ctx.addIssue({ code: "custom", message: REVIEW_MESSAGES.number });
  });

export type ValidationResult = { ok: true; text: string } | { ok: false; message: string };

export function validateReviewText(raw: string): ValidationResult {
  const result = reviewTextSchema.safeParse(raw);
  if (result.success) return { ok: true, text: result.data };
  return { ok: false, message: result.error.issues[0]?.message ?? "Review is invalid" };
}

/** The rule for a text that is stored (a review, feedback): the review rules, and at most the
 *  sentences one text may have analysed, so a stored text can always be read back with its
 *  sentences and `mixed` flag. A text that is only analysed may be longer: its label needs no
 *  sentences, and asking for them is refused at that request alone. */
export function validateStoredText(raw: string): ValidationResult {
  const result = validateReviewText(raw);
  if (!result.ok) return result;
  const sentences = sentenceSpans(result.text).length;
  if (sentences > MAX_STORED_SENTENCES) return { ok: false, message: tooManySentences(sentences) };
  return result;
}

export function tooManySentences(sentences: number): string {
  return `Review must be at most ${MAX_STORED_SENTENCES} sentences, so that each can be analysed; this one has ${sentences}: send it in parts`;
}
