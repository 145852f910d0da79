// Builds the project's training data (model/data) from the two sources as their authors
// distribute them: the polarized film phrases (train/test split kept exactly) and the
// multi-domain Amazon reviews, cut into titles and sentences, normalised, deduplicated and split
// into train and test by product. Same sources in, same bytes out.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatCorpus, type CorpusRow } from "./corpus.js";
import { DataFileError, parsePhraseFile } from "./phrase-file.js";
import { decodeReviewBytes, parseReviews } from "./review-file.js";
import { normaliseText, splitSentences, wordCount } from "./sentences.js";

export const REVIEW_DOMAINS = ["books", "dvd", "electronics", "kitchen"] as const;
/** sha256 of the source files this data was made from (as their READMEs record them). */
export const SOURCE_SHA256: Record<string, string> = {
  "movie-phrases/train.tsv": "2b60aa36f18f6f26a54b55cef526a263aa2276d89f2c4dffd223d4fcd8d52ed4",
  "movie-phrases/test.tsv": "66bca99ec88a577f368c676030138b7eff847536779305b06a43a332bb782ef6",
  "multi-domain-reviews/books-negative.review": "562c58de7f739c9af2d62377ea2253ff73e89f69c84a332088f341cdb0e09660",
  "multi-domain-reviews/books-positive.review": "24323836c9ce9601ac43b7ab45fff1ac9b82efda02f1269bf3e8cdc4b019a99a",
  "multi-domain-reviews/dvd-negative.review": "de1b539d29dc7edfbabf0ca4b1bce4e296d486533f3730012e4b49e36e762fa3",
  "multi-domain-reviews/dvd-positive.review": "fcf5207f79aa8af4910b5793c15fe90f25eb39501f9f4bdbd8f60a817224e28d",
  "multi-domain-reviews/electronics-negative.review": "571287120d63e289753231804f33169b2ec4348ca6d24fa0d781a3a08e6376ff",
  "multi-domain-reviews/electronics-positive.review": "98daefad1056ec8d98fe910bdb50ae282695b9c2b89c2bc1513b9d2203b38a11",
  "multi-domain-reviews/kitchen-negative.review": "0ad1fa1f4539b47933fcef01be674b1246d1dc01403197c1439004cbaf4b543e",
  "multi-domain-reviews/kitchen-positive.review": "90ebec2b5a6ac040e16836c32b8efbd92ce98804b916c6367f7ade3b8d536798",
};
/** Share of review products held out for testing (chosen by a hash of the product, not at random). */
export const REVIEW_TEST_PERCENT = 20;
/** Sentences shorter than this carry too little to label ("Enough said."); longer ones are run-ons or lists. */
export const SENTENCE_WORDS = { min: 3, max: 60 } as const;

export const DATA_FILES = {
  filmTrain: "film-phrases-train.tsv",
  filmTest: "film-phrases-test.tsv",
  reviewsTrain: "reviews-train.tsv",
  reviewsTest: "reviews-test.tsv",
} as const;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function readSource(dir: string, name: string, folder: string): Buffer {
  const path = join(dir, name);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DataFileError(path, 0, `cannot read the source file (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  }
  const expected = SOURCE_SHA256[`${folder}/${name}`];
  if (sha256(bytes) !== expected) throw new DataFileError(path, 0, `sha256 ${sha256(bytes)} is not the published file's ${expected}`);
  return bytes;
}

export function filmRows(phrasesDir: string, name: "train.tsv" | "test.tsv"): CorpusRow[] {
  const bytes = readSource(phrasesDir, name, "movie-phrases");
  return parsePhraseFile(bytes.toString("utf8"), join(phrasesDir, name)).map((p) => ({
    source: "movie-phrases",
    domain: "film",
    group: `sentence-${p.sentenceId}`,
    kind: "phrase",
    text: p.text,
    label: p.label,
  }));
}

/** Whether a product goes to the test split: a hash of its group, so adding data never moves it. */
export function isTestGroup(group: string): boolean {
  return createHash("sha256").update(group).digest().readUInt32BE(0) % 100 < REVIEW_TEST_PERCENT;
}

export interface ReviewData {
  train: CorpusRow[];
  test: CorpusRow[];
  /** what deduplication removed */
  dropped: { repeated: number; conflicting: number };
}

export function reviewRows(reviewsDir: string): ReviewData {
  const candidates: CorpusRow[] = [];
  for (const domain of REVIEW_DOMAINS) {
    for (const polarity of ["negative", "positive"] as const) {
      const name = `${domain}-${polarity}.review`;
      const label = polarity === "positive" ? 1 : 0;
      for (const review of parseReviews(decodeReviewBytes(readSource(reviewsDir, name, "multi-domain-reviews")), join(reviewsDir, name))) {
        if ((review.rating >= 4) !== (label === 1)) throw new DataFileError(join(reviewsDir, name), 0, `review ${review.id} rated ${review.rating} in a ${polarity} file`);
        const base = { source: "multi-domain-reviews", domain, group: `${domain}-${review.asin}`, label } as const;
        const title = normaliseText(review.title);
        if (wordCount(title) >= 1) candidates.push({ ...base, kind: "title", text: title });
        for (const sentence of splitSentences(review.text)) {
          const words = wordCount(sentence);
          if (words >= SENTENCE_WORDS.min && words <= SENTENCE_WORDS.max) candidates.push({ ...base, kind: "sentence", text: sentence });
        }
      }
    }
  }
  // One copy of each text (case and spacing aside); a text found under both labels says nothing and goes.
  const labelsOf = new Map<string, Set<number>>();
  const key = (row: CorpusRow) => row.text.toLowerCase();
  for (const row of candidates) {
    const labels = labelsOf.get(key(row)) ?? new Set<number>();
    labels.add(row.label);
    labelsOf.set(key(row), labels);
  }
  const kept = new Set<string>();
  const rows: CorpusRow[] = [];
  const dropped = { repeated: 0, conflicting: 0 };
  for (const row of candidates) {
    const k = key(row);
    if ((labelsOf.get(k) as Set<number>).size > 1) dropped.conflicting += 1;
    else if (kept.has(k)) dropped.repeated += 1;
    else {
      kept.add(k);
      rows.push(row);
    }
  }
  return { train: rows.filter((r) => !isTestGroup(r.group)), test: rows.filter((r) => isTestGroup(r.group)), dropped };
}

export interface PreparedFiles {
  files: Record<string, string>;
  dropped: ReviewData["dropped"];
}

export function prepareDataFiles(sources: { phrases: string; reviews: string }): PreparedFiles {
  const reviews = reviewRows(sources.reviews);
  return {
    files: {
      [DATA_FILES.filmTrain]: formatCorpus(filmRows(sources.phrases, "train.tsv")),
      [DATA_FILES.filmTest]: formatCorpus(filmRows(sources.phrases, "test.tsv")),
      [DATA_FILES.reviewsTrain]: formatCorpus(reviews.train),
      [DATA_FILES.reviewsTest]: formatCorpus(reviews.test),
    },
    dropped: reviews.dropped,
  };
}
