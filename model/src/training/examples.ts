// Turns data rows into weighted training examples. A film phrase counts as written and, where
// it differs, in its detokenized spelling ("ca n't" → "can't"), so both forms of input are
// known; review titles and sentences count once. Each example weighs its kind's weight: review
// sentences carry their review's label, which not all of them share, so they weigh less.
import type { CorpusRow, Kind } from "../data/corpus.js";
import { detokenize } from "../data/detokenize.js";

export type KindWeights = Record<Kind, number>;

export interface Examples {
  texts: string[];
  labels: Array<0 | 1>;
  weights: number[];
}

export function trainingExamples(rows: CorpusRow[], kindWeights: KindWeights): Examples {
  const texts: string[] = [];
  const labels: Array<0 | 1> = [];
  const weights: number[] = [];
  for (const row of rows) {
    const weight = kindWeights[row.kind];
    if (weight <= 0) continue;
    texts.push(row.text);
    labels.push(row.label);
    weights.push(weight);
    if (row.kind !== "phrase") continue;
    const natural = detokenize(row.text);
    if (natural !== row.text) {
      texts.push(natural);
      labels.push(row.label);
      weights.push(weight);
    }
  }
  return { texts, labels, weights };
}
