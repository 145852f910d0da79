// The rollout statements of both dialects: the same SQL but for how parameters are written, how a
// time is read back as ISO 8601 text, and how changes are kept one at a time.
import type { Dialect } from "../store/review-store.js";
import type { RolloutState } from "./rollout-plan.js";

const COLUMNS: Record<Dialect, string> = {
  sqlite: `version, mode, share, updated_at AS "updatedAt", updated_by AS "updatedBy"`,
  postgres: `version, mode, share, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt", updated_by AS "updatedBy"`,
};

export const ROLLOUT_SQL = {
  sqlite: {
    list: `SELECT ${COLUMNS.sqlite} FROM model_rollout ORDER BY version`,
    // The demotion of the serving version is written first, so the one-serving index holds after each statement.
    upsert: `INSERT INTO model_rollout (version, mode, share, updated_at, updated_by) VALUES (@version, @mode, @share, @updatedAt, @updatedBy)
      ON CONFLICT (version) DO UPDATE SET mode = excluded.mode, share = excluded.share, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    // number is the rowid: max + 1, so numbers run without gaps.
    addCaller: `INSERT INTO rollout_callers (caller) VALUES (?) ON CONFLICT (caller) DO NOTHING`,
    callerNumber: `SELECT number FROM rollout_callers WHERE caller = ?`,
  },
  postgres: {
    // Changes run one at a time: each plans on the state the one before it left.
    lock: `SELECT pg_advisory_xact_lock(74211004)`,
    list: `SELECT ${COLUMNS.postgres} FROM model_rollout ORDER BY version`,
    upsert: `INSERT INTO model_rollout (version, mode, share, updated_by) VALUES ($1, $2, $3, $4)
      ON CONFLICT (version) DO UPDATE SET mode = excluded.mode, share = excluded.share, updated_at = now(), updated_by = excluded.updated_by`,
    // Read before inserting: an insert that meets a conflict still takes a number from the
    // sequence, and gaps would spoil the even spread of consecutive numbers.
    callerNumber: `SELECT number FROM rollout_callers WHERE caller = $1`,
    addCaller: `INSERT INTO rollout_callers (caller) VALUES ($1) ON CONFLICT (caller) DO NOTHING RETURNING number`,
  },
} as const;

/** Demotions first: a promotion retires the serving version before the next one serves. */
export function writeOrder(writes: readonly RolloutState[]): RolloutState[] {
  return [...writes].sort((a, b) => (a.mode === "SERVING" ? 1 : 0) - (b.mode === "SERVING" ? 1 : 0));
}
