// What the reviews service needs from storage, whichever database is behind it.
import type { FeedbackStore } from "../feedback/feedback-store.js";
import type { RolloutStore } from "../rollout/rollout-store.js";

export interface Review {
  id: string;
  text: string;
  createdAt: string;
}

/** A review with its place in the newest-first order, from which its cursor is made. */
export type PagedReview = Review & { position: number };

export interface ReviewPage {
  reviews: PagedReview[];
  hasNextPage: boolean;
}

export type Dialect = "sqlite" | "postgres";

/**
 * What makes a write happen once: the caller's key (or one derived from the gateway signature),
 * stored in the same transaction as the write together with the write's answer, so that the
 * same write again — a client's retry, a replayed request, on any replica, after any restart —
 * gets the first answer instead of writing twice.
 */
export interface WriteKey {
  /** the caller the key belongs to: keys are scoped per caller */
  subject: string;
  key: string;
  /** digest of the operation and its input: the same key with another input is a conflict */
  fingerprint: string;
  /** how long the key is kept after this write */
  ttlMs: number;
}

/** A keyed write's outcome: done now, done before (the stored first answer), or refused because
 *  the key was used for a different write. */
export type KeyedWrite<T> = { outcome: "written"; value: T } | { outcome: "repeated"; value: T } | { outcome: "conflict" };

export interface ReviewStore {
  readonly kind: Dialect;
  insert(text: string): Promise<Review>;
  /** inserts once per key: see WriteKey */
  insertOnce(text: string, key: WriteKey): Promise<KeyedWrite<Review>>;
  get(id: string): Promise<Review | null>;
  /** newest first; `before` is the position of the last review already seen */
  page(first: number, before: number | null): Promise<ReviewPage>;
  delete(id: string): Promise<boolean>;
  /** the callers' feedback on texts, in the same database */
  readonly feedback: FeedbackStore;
  /** the model rollout state every ML replica reads */
  readonly rollout: RolloutStore;
  /** deletes once per key: a repeat answers what the first delete answered */
  deleteOnce(id: string, key: WriteKey): Promise<KeyedWrite<boolean>>;
  /** forgets keys whose time has passed; answers how many */
  deleteExpiredKeys(): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The database cannot be reached (down, restarting, connection lost): nothing was done, or for a
 *  write nothing was acknowledged; the request may be retried. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super("the database is unreachable", { cause });
    this.name = "StoreUnavailableError";
  }
}
