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

/** A code point as JSON takes at most 12 bytes: UTF-8 needs at most 4, but a client may escape
 *  every non-ASCII character (Python's json.dumps does by default), and a code point beyond the
 *  BMP is then two escapes of 6 bytes ("\ud83d\ude00"). */
const MOST_BYTES_PER_CHARACTER = 12;
/** The rest of the largest request: the document (at most MAX_TOKENS tokens), the quotes and
 *  commas around each text, other variables and extensions. */
const REQUEST_ENVELOPE_BYTES = 64 * 1024;

/**
 * The body of the largest legal request: analyzeReviews with the most texts, each of the most
 * characters, each character of the most bytes, sent as JSON. The gateway's body limit defaults to
 * it, so a request the schema allows is never refused for its size (6,065,536 bytes); the gateway
 * sends the texts on to the subgraphs in plain UTF-8 (at most 4 bytes a character), which their
 * limits (reviews: this one; ml: 4 MiB) leave room for.
 */
export const LARGEST_LEGAL_BODY_BYTES = API_LIMITS.analyzeTexts.max * API_LIMITS.reviewText.max * MOST_BYTES_PER_CHARACTER + REQUEST_ENVELOPE_BYTES;
