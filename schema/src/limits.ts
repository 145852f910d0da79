// The sizes the public API allows. The services enforce these numbers and the SDL states them
// (argument defaults, @listSize, descriptions); limits.test.ts fails when the SDL says otherwise.

export const API_LIMITS = {
  /** Query.reviews(first:) */
  reviewsPage: { default: 20, max: 100 },
  /** Query.analyzeReviews(texts:) */
  analyzeTexts: { min: 1, max: 100 },
  /** a review or analysed text, in characters (code points) after trimming */
  reviewText: { min: 4, max: 5000 },
  /** sentences of one text when Sentiment.sentences or Sentiment.mixed is selected: each is a model input */
  sentencesPerText: { max: 64 },
  /** Sentiment.explanation(top:) */
  explanationWords: { default: 5, max: 20 },
  /** SubmitReviewInput.idempotencyKey and deleteReview(idempotencyKey:), in characters */
  idempotencyKey: { min: 8, max: 128 },
} as const;

/** UTF-8 takes at most 4 bytes for a code point, and JSON.stringify escapes none of those a text
 *  may hold beyond tab, newline, quote and backslash (2 bytes each). */
const MOST_BYTES_PER_CHARACTER = 4;
/** The rest of the largest request: the document (at most MAX_TOKENS tokens), the quotes and
 *  commas around each text, other variables and extensions. */
const REQUEST_ENVELOPE_BYTES = 64 * 1024;

/**
 * The body of the largest batch: one analyzeReviews with the most texts, each of the most
 * characters, each character of the most bytes UTF-8 takes, sent as JSON (2,065,536 bytes). The
 * gateway's body limit defaults to it, and the subgraphs', which receive those texts again, are at
 * least as large. A client that escapes every non-ASCII character, or sends several aliased batches
 * of long texts in one request, can pass it: the 413 says what to do instead. It is not made larger
 * because the gateway reads a body before it knows who sent it.
 */
export const LARGEST_LEGAL_BODY_BYTES = API_LIMITS.analyzeTexts.max * API_LIMITS.reviewText.max * MOST_BYTES_PER_CHARACTER + REQUEST_ENVELOPE_BYTES;
