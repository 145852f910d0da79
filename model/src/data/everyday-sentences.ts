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

/**
 * Everyday topics about what one Amazon review domain sells (books; films and TV; consumer
 * electronics; kitchen and housewares). A model trained "without" a domain must not see them
 * either, or leave-one-domain-out and --without-domain would measure a domain the model has read about.
 */
export const EVERYDAY_TOPIC_DOMAINS: Readonly<Record<string, string>> = {
  book: "books", bookshop: "books", ebook: "books",
  film: "dvd", cinema: "dvd", tvseries: "dvd", streaming: "dvd",
  laptop: "electronics", phone: "electronics", tablet: "electronics", camera: "electronics", tv: "electronics",
  charger: "electronics", audio: "electronics", headphones: "electronics", speaker: "electronics", printer: "electronics",
  smarthome: "electronics", assistant: "electronics", wearable: "electronics", watch: "electronics", ereader: "electronics",
  kitchenware: "kitchen", appliance: "kitchen", kettle: "kitchen", blender: "kitchen", juicer: "kitchen",
  grinder: "kitchen", dishwasher: "kitchen", vacuum: "kitchen",
};

/** The review domain a training row is about, if any: a review's own; an everyday sentence's by its topic; none for a film phrase. */
export function reviewDomainOf(row: Pick<CorpusRow, "kind" | "domain">): string | null {
  if (row.kind === "title" || row.kind === "sentence") return row.domain;
  if (row.kind === "everyday") return EVERYDAY_TOPIC_DOMAINS[row.domain] ?? null;
  return null;
}

/** The everyday sentences of a data folder, or null when it has none. Every row must be of kind "everyday". */
export function readEverydaySentences(dataDir: string): { rows: CorpusRow[]; bytes: Buffer } | null {
  const path = join(dataDir, EVERYDAY_SENTENCES_FILE);
  if (!existsSync(path)) return null;
  const { rows, bytes } = readCorpusFile(path);
  const stray = rows.findIndex((r) => r.kind !== "everyday");
  if (stray >= 0) throw new DataFileError(path, stray + 2, `every row of ${EVERYDAY_SENTENCES_FILE} must be of kind "everyday", found "${rows[stray]?.kind}"`);
  return { rows, bytes };
}
