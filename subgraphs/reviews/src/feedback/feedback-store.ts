// What the reviews service needs from storage for feedback, whichever database is behind it. One
// row per (caller, text): the text is keyed by its SHA-256 (a 5000-character text is too long for a
// PostgreSQL btree entry), and a second call updates the row.
import { createHash } from "node:crypto";
import type { Label } from "./served-sentiment.js";

export interface FeedbackInput {
  caller: string;
  text: string;
  reviewId: string | null;
  label: Label;
  modelLabel: Label;
  modelVersion: string;
  positiveProbability: number;
}

/** A stored row: what was given, with its id and when it was last replaced. */
export type StoredFeedback = FeedbackInput & { id: string; updatedAt: string };

export type PagedFeedback = StoredFeedback & { position: number };

export interface FeedbackPage {
  feedback: PagedFeedback[];
  hasNextPage: boolean;
}

export interface VersionAgreement {
  modelVersion: string;
  count: number;
  agreeing: number;
}

export interface FeedbackStore {
  /** stores the caller's feedback on the text, replacing theirs on the same text; null (nothing
   *  stored) when the text is new to the caller and the caller already keeps `maxPerCaller` rows.
   *  The count and the write are one step: concurrent calls cannot pass the bound together. */
  upsert(input: FeedbackInput, maxPerCaller: number): Promise<StoredFeedback | null>;
  /** newest first (by first submission); `before` is the position of the last row already seen */
  page(first: number, before: number | null, modelVersion: string | null): Promise<FeedbackPage>;
  /** counts per model version, in version order */
  agreement(modelVersion: string | null): Promise<VersionAgreement[]>;
}

export function textKey(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
