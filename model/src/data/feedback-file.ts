// Turns the feedback callers gave through the API into training rows (the corpus format of
// model/data, kind "feedback") and says where they came from. Several callers may label one
// text: the text becomes one row with the majority's label, and a tie is left out rather than
// guessed, so a file never teaches both labels for the same words.
import { createHash } from "node:crypto";
import { CORPUS_HEADER } from "./corpus.js";
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
