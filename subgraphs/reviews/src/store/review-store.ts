// What the reviews service needs from storage, whichever database is behind it.

export interface Review {
  id: string;
  text: string;
  createdAt: string;
}

export interface ReviewPage {
  reviews: Array<Review & { position: number }>;
  hasNextPage: boolean;
}

export interface ReviewStore {
  readonly kind: "sqlite" | "postgres";
  insert(text: string): Promise<Review>;
  get(id: string): Promise<Review | null>;
  /** newest first; `before` is the position of the last review already seen */
  page(first: number, before: number | null): Promise<ReviewPage>;
  delete(id: string): Promise<boolean>;
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

/** Ids are UUIDs; anything else cannot name a review, so stores skip the query. */
export const REVIEW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
