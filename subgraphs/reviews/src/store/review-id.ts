// What a review id is: the stores make them here, and refuse anything else before a query runs.
import { randomUUID } from "node:crypto";

// Lower-case UUIDs, as randomUUID writes them. Refusing the rest up front means a malformed id
// costs no round trip, and PostgreSQL never sees text that would fail its uuid cast (an error
// that would otherwise surface as an internal one).
const REVIEW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newReviewId(): string {
  return randomUUID();
}

/** Whether `id` could name a review; when false, no review has it and no query is needed. */
export function isReviewId(id: string): boolean {
  return REVIEW_ID.test(id);
}
