// Turns labelled phrases into training examples: each phrase as written and, where it
// differs, its detokenized spelling ("ca n't" → "can't"), so both forms of input are known.
import type { LabelledPhrase } from "../data/phrase-file.js";
import { detokenize } from "../data/detokenize.js";

export interface Examples {
  texts: string[];
  labels: Array<0 | 1>;
}

export function trainingExamples(phrases: LabelledPhrase[]): Examples {
  const texts: string[] = [];
  const labels: Array<0 | 1> = [];
  for (const phrase of phrases) {
    texts.push(phrase.text);
    labels.push(phrase.label);
    const natural = detokenize(phrase.text);
    if (natural !== phrase.text) {
      texts.push(natural);
      labels.push(phrase.label);
    }
  }
  return { texts, labels };
}
