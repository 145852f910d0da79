// Turns the feedback callers gave through the API into training rows (the corpus format of
// model/data, kind "feedback") and says where they came from. Several callers may label one
// text: the text becomes one row with the majority's label, and a tie is left out rather than
// guessed, so a file never teaches both labels for the same words.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { CORPUS_HEADER } from "./corpus.js";
import { DataFileError } from "./phrase-file.js";
import { normaliseText } from "./sentences.js";

export const FEEDBACK_SOURCE = "feedback";
export const FEEDBACK_KIND = "feedback";

/** One stored feedback as the admin API returns it. */
export interface FeedbackRecord {
  text: string;
  label: "POSITIVE" | "NEGATIVE";
  modelVersion: string;
  agrees: boolean;
  caller: string;
  updatedAt: string;
}

export interface FeedbackRow {
  source: typeof FEEDBACK_SOURCE;
  domain: string;
  group: string;
  kind: typeof FEEDBACK_KIND;
  text: string;
  label: 0 | 1;
}

export interface FeedbackProvenance {
  /** feedback records read (one per caller and text) */
  feedback: number;
  /** rows written: one per distinct text (compared case-insensitively after normalisation) */
  rows: number;
  positive: number;
  /** texts whose callers split evenly between the labels: left out */
  tiedTexts: number;
  callers: number;
  /** earliest and latest time a feedback was given; null when there is none */
  from: string | null;
  to: string | null;
  /** per model version that scored the texts: feedback count and how many agreed with it */
  modelVersions: Record<string, { feedback: number; agreeing: number }>;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The group keeps every copy of a text on one side of any split; it is derived from the text alone. */
export function feedbackGroup(text: string): string {
  return `feedback-${sha256(text.toLowerCase()).slice(0, 16)}`;
}

export function feedbackRows(records: readonly FeedbackRecord[], domain = FEEDBACK_SOURCE): { rows: FeedbackRow[]; provenance: FeedbackProvenance } {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(domain)) throw new Error(`domain "${domain}" is not a lower-case name (letters, digits, -)`);
  const byText = new Map<string, { text: string; votes: number; earliest: string }>();
  const modelVersions: FeedbackProvenance["modelVersions"] = {};
  const callers = new Set<string>();
  let from: string | null = null;
  let to: string | null = null;
  for (const record of records) {
    const text = normaliseText(record.text);
    if (text === "") continue;
    const key = text.toLowerCase();
    const entry = byText.get(key);
    const vote = record.label === "POSITIVE" ? 1 : -1;
    // The earliest spelling wins, so the row does not depend on the order the records arrive in.
    if (!entry) byText.set(key, { text, votes: vote, earliest: record.updatedAt });
    else {
      entry.votes += vote;
      if (record.updatedAt < entry.earliest || (record.updatedAt === entry.earliest && text < entry.text)) Object.assign(entry, { text, earliest: record.updatedAt });
    }
    const version = (modelVersions[record.modelVersion] ??= { feedback: 0, agreeing: 0 });
    version.feedback += 1;
    if (record.agrees) version.agreeing += 1;
    callers.add(record.caller);
    if (from === null || record.updatedAt < from) from = record.updatedAt;
    if (to === null || record.updatedAt > to) to = record.updatedAt;
  }
  const rows: FeedbackRow[] = [];
  let tiedTexts = 0;
  for (const { text, votes } of byText.values()) {
    if (votes === 0) {
      tiedTexts += 1;
      continue;
    }
    rows.push({ source: FEEDBACK_SOURCE, domain, group: feedbackGroup(text), kind: FEEDBACK_KIND, text, label: votes > 0 ? 1 : 0 });
  }
  // Sorted by group, so the same feedback gives the same bytes whatever order the API pages in.
  rows.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : a.text < b.text ? -1 : 1));
  const sortedVersions = Object.fromEntries(Object.entries(modelVersions).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    rows,
    provenance: { feedback: records.length, rows: rows.length, positive: rows.filter((r) => r.label === 1).length, tiedTexts, callers: callers.size, from, to, modelVersions: sortedVersions },
  };
}

export function formatFeedbackFile(rows: readonly FeedbackRow[]): string {
  const lines = rows.map((r) => [r.source, r.domain, r.group, r.kind, r.text, r.label].join("\t"));
  return `${CORPUS_HEADER.join("\t")}\n${lines.map((l) => `${l}\n`).join("")}`;
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Reads a file written by feedback:export (or by hand in the same format), naming file and line of anything malformed. */
export function parseFeedbackFile(content: string, file: string): FeedbackRow[] {
  const lines = content.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const header = (lines[0] ?? "").replace(/\r$/, "");
  if (header !== CORPUS_HEADER.join("\t")) throw new DataFileError(file, 1, `expected the header "${CORPUS_HEADER.join("\\t")}", found "${header.slice(0, 80)}"`);
  const rows: FeedbackRow[] = [];
  for (let i = 1; i < lines.length; i += 1) {
    const fields = (lines[i] as string).replace(/\r$/, "").split("\t");
    if (fields.length !== CORPUS_HEADER.length) throw new DataFileError(file, i + 1, `expected ${CORPUS_HEADER.length} tab-separated fields, found ${fields.length}`);
    const [source, domain, group, kind, text, label] = fields as [string, string, string, string, string, string];
    if (source !== FEEDBACK_SOURCE || kind !== FEEDBACK_KIND) throw new DataFileError(file, i + 1, `a feedback file holds source and kind "feedback", found "${source}" and "${kind}"`);
    if (!NAME.test(domain)) throw new DataFileError(file, i + 1, `domain "${domain}" is not a lower-case name`);
    if (group === "") throw new DataFileError(file, i + 1, "group is empty");
    if (text.trim() === "") throw new DataFileError(file, i + 1, "text is empty");
    if (label !== "0" && label !== "1") throw new DataFileError(file, i + 1, `label must be 0 or 1, found "${label}"`);
    rows.push({ source: FEEDBACK_SOURCE, domain, group, kind: FEEDBACK_KIND, text, label: label === "0" ? 0 : 1 });
  }
  if (rows.length === 0) throw new DataFileError(file, 1, "the file has no rows");
  return rows;
}

/** The share of feedback texts held out of training, in percent; reported apart, never trained on. */
export const FEEDBACK_HELD_OUT_PERCENT = 20;

/** Held out when the first four bytes of the sha256 of the lower-cased text, as an unsigned number, modulo 100 are below FEEDBACK_HELD_OUT_PERCENT. */
export function isHeldOutFeedback(text: string): boolean {
  return createHash("sha256").update(text.toLowerCase()).digest().readUInt32BE(0) % 100 < FEEDBACK_HELD_OUT_PERCENT;
}

export interface FeedbackData {
  train: FeedbackRow[];
  heldOut: FeedbackRow[];
  /** per file (by name): its sha256, rows, and how many of them train and are held out */
  files: Record<string, { sha256: string; rows: number; train: number; heldOut: number }>;
}

/** Reads one feedback file, or every *.tsv of a folder in name order (the order fixes the bytes of the model). */
export function readFeedbackData(path: string): FeedbackData {
  let paths: string[];
  try {
    paths = statSync(path).isDirectory() ? readdirSync(path).filter((n) => n.endsWith(".tsv")).sort().map((n) => join(path, n)) : [path];
  } catch (error) {
    throw new DataFileError(path, 0, `cannot read the feedback (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  }
  if (paths.length === 0) throw new DataFileError(path, 0, "the folder holds no .tsv feedback file");
  const data: FeedbackData = { train: [], heldOut: [], files: {} };
  const seen = new Set<string>();
  for (const file of paths) {
    const name = basename(file);
    if (data.files[name]) throw new DataFileError(file, 0, `a second feedback file named ${name}`);
    const bytes = readFileSync(file);
    const rows = parseFeedbackFile(bytes.toString("utf8"), file);
    let train = 0;
    let heldOut = 0;
    for (const row of rows) {
      // A text in two files counts once (the first file's label), so it cannot train on one side and test on the other.
      const key = row.text.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      if (isHeldOutFeedback(row.text)) {
        data.heldOut.push(row);
        heldOut += 1;
      } else {
        data.train.push(row);
        train += 1;
      }
    }
    data.files[name] = { sha256: createHash("sha256").update(bytes).digest("hex"), rows: rows.length, train, heldOut };
  }
  return data;
}
