// Whether a text holds opposite opinions: a confidently positive and a confidently negative
// sentence. "Confidently" is read off the calibrated probabilities (Platt scaling on grouped
// out-of-fold scores, expected calibration error 0.022): at 0.9 a sentence's label is wrong at
// most about one time in ten. On the held-out phrases 85 % of them reach it, 99.4 % of those
// with the right label; of 30 hand-written neutral, factual sentences (the model was trained
// only on opinions) 4 reach it, against 12 at 0.8. The README has the table.

/** P(positive) at or above which a sentence counts as confidently positive. */
export const CONFIDENT_POSITIVE = 0.9;
/** P(positive) at or below which a sentence counts as confidently negative. */
export const CONFIDENT_NEGATIVE = 0.1;

export function isMixed(sentenceProbabilities: readonly number[]): boolean {
  return sentenceProbabilities.some((p) => p >= CONFIDENT_POSITIVE) && sentenceProbabilities.some((p) => p <= CONFIDENT_NEGATIVE);
}
