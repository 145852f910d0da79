// The sizes the public API allows. The services enforce these numbers and the SDL states them
// (argument defaults, @listSize, descriptions); limits.test.ts fails when the SDL says otherwise.

export const API_LIMITS = {
  /** Query.reviews(first:) */
  reviewsPage: { default: 20, max: 100 },
  /** Query.analyzeReviews(texts:) */
  analyzeTexts: { min: 1, max: 100 },
  /** a review or analysed text, in characters (code points) after trimming */
  reviewText: { min: 4, max: 5000 },
  /** Sentiment.explanation(top:) */
  explanationWords: { default: 5, max: 20 },
  /** SubmitReviewInput.idempotencyKey and deleteReview(idempotencyKey:), in characters */
  idempotencyKey: { min: 8, max: 128 },
} as const;
