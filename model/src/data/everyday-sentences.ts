// Everyday review sentences written for the project (model/data/everyday-sentences.tsv, kind
// "everyday"): deliveries, hotels, trades, apps, clinics, shops and the rest, often judged by
// what happened ("the refund was back on my card the next morning") rather than by an opinion
// word. Neither the film phrases nor the Amazon reviews hold that language, and the reviews teach
// that narration is a complaint. The file is a source in its own right, kept as written: data:prepare
// does not make it, and another data folder may go without it (model/data/README.md).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readCorpusFile, type CorpusRow } from "./corpus.js";
import { DataFileError } from "./phrase-file.js";

export const EVERYDAY_SENTENCES_FILE = "everyday-sentences.tsv";
export const EVERYDAY_SOURCE = "everyday-written";

/** The everyday sentences of a data folder, or null when it has none. Every row must be of kind "everyday". */
export function readEverydaySentences(dataDir: string): { rows: CorpusRow[]; bytes: Buffer } | null {
  const path = join(dataDir, EVERYDAY_SENTENCES_FILE);
  if (!existsSync(path)) return null;
  const { rows, bytes } = readCorpusFile(path);
  const stray = rows.findIndex((r) => r.kind !== "everyday");
  if (stray >= 0) throw new DataFileError(path, stray + 2, `every row of ${EVERYDAY_SENTENCES_FILE} must be of kind "everyday", found "${rows[stray]?.kind}"`);
  return { rows, bytes };
}
