// Whether a text holds opposite opinions: a confidently positive and a confidently negative
// sentence. The bar is read off the calibration: the probabilities are Platt-scaled on grouped
// out-of-fold scores, so at 0.9 a label should be wrong at most one time in ten. Measured with
// scripts/mixed-threshold.ts (figures in docs/api.md): on held-out phrases, labels that sure are
// right 99 % of the time; on the suite's natural review sentences of other domains, 93 % at 0.7
// and all at 0.9; and a lower bar lets more neutral, factual sentences pass for opinions (14 of
// 30 at 0.8, 2 at 0.9).

/** P(positive) at or above which a sentence counts as confidently positive. */
export const CONFIDENT_POSITIVE = 0.9;
/** P(positive) at or below which a sentence counts as confidently negative. */
export const CONFIDENT_NEGATIVE = 0.1;

export function isMixed(sentenceProbabilities: readonly number[]): boolean {
  return sentenceProbabilities.some((p) => p >= CONFIDENT_POSITIVE) && sentenceProbabilities.some((p) => p <= CONFIDENT_NEGATIVE);
}
