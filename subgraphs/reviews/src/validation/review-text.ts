// The input rules for review text. They live here and only here: the gateway and the ML
// service trust what this module lets through.
import { z } from "zod";

export const MIN_REVIEW_LENGTH = 4;
export const MAX_REVIEW_LENGTH = 5000;
export const MAX_BATCH_TEXTS = 100;

export const REVIEW_MESSAGES = {
  tooShort: `Review must be at least ${MIN_REVIEW_LENGTH} characters`,
  tooLong: `Review must be at most ${MAX_REVIEW_LENGTH} characters`,
  number: "Review cannot be a number",
  control: "Review must not contain control characters (other than tab and newline)",
  unicode: "Review must be valid Unicode text",
} as const;

// A number in any common spelling: sign, digits with thousand separators (, . _ ' or space),
// a decimal part, an exponent. The reference service only rejected ^-?[1-9][0-9]*$.
const NUMBER = /^[+-]?(?:\d[\d,._' ]*)?\.?\d*(?:[eE][+-]?\d+)?$/;
const HAS_DIGIT = /\d/;
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;

export function looksLikeNumber(text: string): boolean {
  return HAS_DIGIT.test(text) && NUMBER.test(text);
}

/** Length in user-perceived characters (code points), not UTF-16 units. */
function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export const reviewTextSchema = z
  .string()
  .transform((raw) => raw.replace(/\r\n/g, "\n").trim())
  .superRefine((text, ctx) => {
    if (!text.isWellFormed()) ctx.addIssue({ code: "custom", message: REVIEW_MESSAGES.unicode });
    else if (CONTROL.test(text)) ctx.addIssue({ code: "custom", message: REVIEW_MESSAGES.control });
    else if (characterCount(text) < MIN_REVIEW_LENGTH) ctx.addIssue({ code: "custom", message: REVIEW_MESSAGES.tooShort });
    else if (characterCount(text) > MAX_REVIEW_LENGTH) ctx.addIssue({ code: "custom", message: REVIEW_MESSAGES.tooLong });
    else if (looksLikeNumber(text)) ctx.addIssue({ code: "custom", message: REVIEW_MESSAGES.number });
  });

export type ValidationResult = { ok: true; text: string } | { ok: false; message: string };

export function validateReviewText(raw: string): ValidationResult {
  const result = reviewTextSchema.safeParse(raw);
  if (result.success) return { ok: true, text: result.data };
  return { ok: false, message: result.error.issues[0]?.message ?? "Review is invalid" };
}
