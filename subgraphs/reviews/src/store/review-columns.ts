// How each dialect reads a review straight into the API's shape ({ id, text, createdAt }), so a
// row read needs no renaming or conversion in JavaScript.
import type { Dialect } from "./review-store.js";

export const REVIEW_COLUMNS: Record<Dialect, string> = {
  // created_at is stored as the ISO 8601 text the API returns.
  sqlite: `id, text, created_at AS "createdAt"`,
  // Formatted by the server: the same ISO 8601 text (UTC, milliseconds) without pg parsing a Date
  // per row and JavaScript formatting it back.
  postgres: `id, text, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`,
};
