// The feedback statements of both dialects: the same SQL but for how parameters are written and
// how a time is read back as ISO 8601 text.
import type { Dialect } from "../store/review-store.js";

const COMMON_COLUMNS = `id, text, review_id AS "reviewId", label, model_label AS "modelLabel", model_version AS "modelVersion", positive_probability AS "positiveProbability", caller`;

/** Each dialect reads a row straight into the API's shape. */
const FEEDBACK_COLUMNS: Record<Dialect, string> = {
  sqlite: `${COMMON_COLUMNS}, updated_at AS "updatedAt"`,
  postgres: `${COMMON_COLUMNS}, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`,
};

// Named parameters for SQLite (better-sqlite3), positional for PostgreSQL; otherwise the same.
export const FEEDBACK_SQL = {
  sqlite: {
    // Run inside the upsert's write transaction, before it: is this text new to the caller, and
    // how many rows does the caller keep?
    callerRows: `SELECT COUNT(*) AS kept, SUM(CASE WHEN text_sha256 = @textSha256 THEN 1 ELSE 0 END) AS same FROM feedback WHERE caller = @caller`,
    upsert: `INSERT INTO feedback (id, caller, text_sha256, text, review_id, label, model_label, model_version, positive_probability, updated_at)
      VALUES (@id, @caller, @textSha256, @text, @reviewId, @label, @modelLabel, @modelVersion, @positiveProbability, @updatedAt)
      ON CONFLICT (caller, text_sha256) DO UPDATE SET review_id = excluded.review_id, label = excluded.label, model_label = excluded.model_label,
        model_version = excluded.model_version, positive_probability = excluded.positive_probability, updated_at = excluded.updated_at
      RETURNING ${FEEDBACK_COLUMNS.sqlite}`,
    page: `SELECT position, ${FEEDBACK_COLUMNS.sqlite} FROM feedback WHERE position < @before AND (@version IS NULL OR model_version = @version) ORDER BY position DESC LIMIT @limit`,
    agreement: `SELECT model_version AS "modelVersion", COUNT(*) AS count, SUM(CASE WHEN label = model_label THEN 1 ELSE 0 END) AS agreeing
      FROM feedback WHERE (@version IS NULL OR model_version = @version) GROUP BY model_version ORDER BY model_version`,
  },
  postgres: {
    // One caller's upserts run one at a time (a transaction-scoped advisory lock on the caller), so
    // the count below sees every row committed before: the bound holds under concurrency.
    lockCaller: `SELECT pg_advisory_xact_lock(hashtextextended($1, 7421))`,
    callerRows: `SELECT COUNT(*)::int AS kept, COUNT(*) FILTER (WHERE text_sha256 = $2)::int AS same FROM feedback WHERE caller = $1`,
    upsert: `INSERT INTO feedback (id, caller, text_sha256, text, review_id, label, model_label, model_version, positive_probability)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      ON CONFLICT (caller, text_sha256) DO UPDATE SET review_id = excluded.review_id, label = excluded.label, model_label = excluded.model_label,
        model_version = excluded.model_version, positive_probability = excluded.positive_probability, updated_at = now()
      RETURNING ${FEEDBACK_COLUMNS.postgres}`,
    page: `SELECT position, ${FEEDBACK_COLUMNS.postgres} FROM feedback WHERE position < $1 AND ($3::text IS NULL OR model_version = $3) ORDER BY position DESC LIMIT $2`,
    agreement: `SELECT model_version AS "modelVersion", COUNT(*) AS count, SUM(CASE WHEN label = model_label THEN 1 ELSE 0 END) AS agreeing
      FROM feedback WHERE ($1::text IS NULL OR model_version = $1) GROUP BY model_version ORDER BY model_version`,
  },
} as const;
