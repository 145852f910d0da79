// The L2 penalty of each column of the design matrix. One strength (1 / (C × rows)) for the
// n-gram weights, with two departures: lexicon weights are penalised less, since they carry the
// model beyond the training vocabulary; the weights of single words that no person rated as
// opinion words ("was", "dog", "stay", "payoff") are penalised more, since most of what they learn
// from review sentences labelled by their review's stars is the topic or the narration of
// reviews of one kind, which a text from another domain does not share (docs/model.md, "Rules").
import { isRatedOpinionWord } from "../features/lexicons.js";
import type { FeatureSpace } from "../features/feature-space.js";

export interface PenaltyParameters {
  /** inverse L2 strength of the n-gram weights (scikit-learn's C, per sample) */
  c: number;
  /** the lexicon weights are penalised this many times less than n-gram weights */
  lexiconPenaltyDivisor: number;
  /** single words (plain or negated) that no rated lexicon holds are penalised this many times more (1 when absent) */
  unratedWordPenaltyFactor?: number;
}

/** The columns: the bias (0), words and word pairs from 1, then characters, then lexicons from lexiconOffset. */
export interface ColumnLayout {
  lexiconOffset: number;
  columnCount: number;
}

export function penaltyVector(space: FeatureSpace, layout: ColumnLayout, parameters: PenaltyParameters, rowCount: number): Float64Array {
  const lambda = 1 / (parameters.c * rowCount);
  const penalty = new Float64Array(layout.columnCount).fill(lambda);
  penalty[0] = 0;
  for (let j = layout.lexiconOffset; j < layout.columnCount; j += 1) penalty[j] = lambda / parameters.lexiconPenaltyDivisor;
  const factor = parameters.unratedWordPenaltyFactor ?? 1;
  if (factor !== 1) {
    for (const ids of [space.wordIds, space.negatedWordIds]) {
      for (const [word, id] of ids) if (!isRatedOpinionWord(word, space.lexicons)) penalty[id] = lambda * factor;
    }
  }
  return penalty;
}
