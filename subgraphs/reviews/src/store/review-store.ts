// What the reviews service needs from storage, whichever database is behind it.
import type { FeedbackStore } from "../feedback/feedback-store.js";

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

export interface ReviewStore {
  readonly kind: Dialect;
  insert(text: string): Promise<Review>;
  get(id: string): Promise<Review | null>;
  /** newest first; `before` is the position of the last review already seen */
  page(first: number, before: number | null): Promise<ReviewPage>;
  delete(id: string): Promise<boolean>;
  /** the callers' feedback on texts, in the same database */
  readonly feedback: FeedbackStore;
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
