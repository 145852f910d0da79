// Paging through reviews newest first: the opaque cursor the API hands out, the one statement
// that reads a page, and how its rows become a page.
import { REVIEW_COLUMNS } from "./review-columns.js";
import type { Dialect, PagedReview, ReviewPage } from "./review-store.js";

// A cursor is the review's position, base64url-encoded with a prefix so a cursor from somewhere
// else is recognised as foreign.
const PREFIX = "r:";
// Exactly what encodeCursor writes: a positive decimal integer without sign, leading zeros,
// spaces, exponent or hexadecimal prefix.
const CANONICAL = /^r:[1-9][0-9]{0,15}$/;

export function encodeCursor(position: number): string {
  return Buffer.from(`${PREFIX}${position}`, "utf8").toString("base64url");
}

/** The position a cursor points at, or null for anything this API did not hand out. */
export function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  if (!CANONICAL.test(decoded)) return null;
  const position = Number(decoded.slice(PREFIX.length));
  // Node's decoder ignores trailing bits, so several strings decode alike; only ours is accepted.
  return Number.isSafeInteger(position) && encodeCursor(position) === cursor ? position : null;
}

// Greater than every position, so the first page is the same statement as the next ones: one
// prepared statement (and one PostgreSQL plan) for every page.
const FROM_THE_NEWEST = Number.MAX_SAFE_INTEGER;

/** Reviews before `$1` (a position), newest first, at most `$2` of them. The positional
 *  parameters are the only difference between the dialects. */
export const PAGE_SQL: Record<Dialect, string> = {
  sqlite: `SELECT position, ${REVIEW_COLUMNS.sqlite} FROM reviews WHERE position < ? ORDER BY position DESC LIMIT ?`,
  postgres: `SELECT position, ${REVIEW_COLUMNS.postgres} FROM reviews WHERE position < $1 ORDER BY position DESC LIMIT $2`,
};

/** The parameters of PAGE_SQL for `first` reviews after `before` (null: from the newest). One row
 *  more than asked for is read: its presence is what hasNextPage reports. */
export function pageParams(first: number, before: number | null): [before: number, limit: number] {
  return [before ?? FROM_THE_NEWEST, first + 1];
}

/** Cuts the extra row read by a page statement off `rows`, in place; true when there was one
 *  (hasNextPage). The feedback pages are read the same way. */
export function cutExtraRow(rows: unknown[], first: number): boolean {
  const hasNextPage = rows.length > first;
  if (hasNextPage) rows.length = first;
  return hasNextPage;
}

/** The page made of PAGE_SQL's rows; takes ownership of `rows` (the extra row is cut off in place). */
export function toPage(rows: PagedReview[], first: number): ReviewPage {
  const hasNextPage = cutExtraRow(rows, first);
  return { reviews: rows, hasNextPage };
}
