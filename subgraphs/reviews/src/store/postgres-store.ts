// PostgreSQL storage, used when DATABASE_URL is set. A lost connection (a restarted or failed-over
// database, pg_terminate_backend) costs the requests that were using it, never the process:
// those answer StoreUnavailableError, and the pool opens new connections once the database
// answers again.
import pg from "pg";
import { FEEDBACK_SQL } from "../feedback/feedback-sql.js";
import { textKey, type PagedFeedback, type StoredFeedback, type VersionAgreement } from "../feedback/feedback-store.js";
import type { RolloutRow } from "../rollout/rollout-plan.js";
import { ROLLOUT_SQL, writeOrder } from "../rollout/rollout-sql.js";
import { migrate, type MigrationConnection } from "./migrations.js";
import { cutExtraRow, PAGE_SQL, pageParams, toPage } from "./paging.js";
import { isOutage } from "./postgres-outage.js";
import { REVIEW_COLUMNS } from "./review-columns.js";
import { isReviewId, newReviewId } from "./review-id.js";
import { StoreUnavailableError, type KeyedWrite, type PagedReview, type Review, type ReviewStore, type WriteKey } from "./review-store.js";

// Serialises migrations when several instances start at once.
const MIGRATION_LOCK = 74_211_001;

// Positions are BIGSERIAL, read as numbers rather than pg's default strings so a page's rows need
// no conversion: a position would have to pass 2^53 before precision is lost. This pool only.
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) => (oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)),
};

/** The migration runner's view of one pooled connection. */
export function postgresMigrationConnection(client: pg.ClientBase): MigrationConnection {
  return {
    dialect: "postgres",
    async execute(sql, params = []) {
      await client.query(sql, params.length === 0 ? undefined : [...params]);
    },
    async appliedVersions() {
      const { rows } = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
      return rows.map((row) => row.version);
    },
  };
}

export interface PostgresStoreOptions {
  /** told of each connection lost while idle in the pool */
  onIdleConnectionError?: (error: Error) => void;
}

export async function openPostgresStore(connectionString: string, poolSize: number, options: PostgresStoreOptions = {}): Promise<ReviewStore> {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    // Below the gateway's default 5 s deadline for reviews, so the client hears SERVICE_UNAVAILABLE.
    connectionTimeoutMillis: 3_000,
    // A query on a connection that silently died fails instead of waiting for TCP to notice.
    query_timeout: 10_000,
    keepAlive: true,
    types,
  });
  // Without a listener, an idle connection's error (the server closed it) kills the process.
  pool.on("error", (error) => options.onIdleConnectionError?.(error));
  try {
    const client = await pool.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      await migrate(postgresMigrationConnection(client));
    } finally {
      // The lock belongs to the session: a connection whose unlock failed is closed instead of
      // pooled, which releases the lock, rather than left holding it against the other replicas.
      const unlockFailure = await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      );
      client.release(unlockFailure);
    }
  } catch (error) {
    // The start-up failure is the one to report; the pool ending badly as well adds nothing to it.
    await pool.end().catch(() => undefined);
    throw error;
  }

  /** pool.query, with an unreachable database reported as StoreUnavailableError */
  const query = async <R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>> => {
    try {
      return await pool.query<R>(config);
    } catch (error) {
      throw isOutage(error) ? new StoreUnavailableError(error) : error;
    }
  };

  /** Runs `work` in one transaction on one pooled connection; an unreachable database is
   *  reported as StoreUnavailableError, and a connection that failed mid-way is not pooled again. */
  const transaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw isOutage(error) ? new StoreUnavailableError(error) : error;
    }
    let failure: Error | undefined;
    try {
      await client.query("BEGIN");
      const value = await work(client);
      await client.query("COMMIT");
      return value;
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      await client.query("ROLLBACK").then(
        () => (failure = undefined),
        () => undefined,
      );
      throw isOutage(error) ? new StoreUnavailableError(error) : error;
    } finally {
      client.release(failure);
    }
  };

  /** A key's stored first answer, if it has not expired; run after a claim found the key taken
   *  (ON CONFLICT waits for the transaction that took it, so its row is committed by then). */
  const firstAnswer = async <T>(key: WriteKey): Promise<KeyedWrite<T> | null> => {
    const { rows } = await query<{ fingerprint: string; result: string }>({
      text: "SELECT fingerprint, result FROM idempotency_keys WHERE subject = $1 AND key = $2 AND expires_at > now()",
      values: [key.subject, key.key],
    });
    const first = rows[0];
    if (!first) return null;
    return first.fingerprint === key.fingerprint ? { outcome: "repeated", value: JSON.parse(first.result) as T } : { outcome: "conflict" };
  };

  /** Runs a claim-and-write statement until it writes or finds the first answer: a key that
   *  expired and was swept between the two reads is claimed again (twice at most in practice). */
  const once = async <T>(key: WriteKey, claim: () => Promise<T | null>): Promise<KeyedWrite<T>> => {
    for (let attempt = 0; ; attempt += 1) {
      const value = await claim();
      if (value !== null) return { outcome: "written", value };
      const first = await firstAnswer<T>(key);
      if (first || attempt >= 3) return first ?? { outcome: "conflict" };
    }
  };

  // A key is claimed in the same statement as its write (one transaction, one round trip): the
  // write happens only when the claim inserted the key or took over an expired one. $1-$4 are
  // the key (subject, key, fingerprint, milliseconds to keep it).
  const KEEP_UNTIL = "now() + make_interval(secs => $4::double precision / 1000)";
  const ON_CONFLICT = `ON CONFLICT (subject, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, result = EXCLUDED.result, expires_at = EXCLUDED.expires_at
      WHERE k.expires_at <= now()`;
  const CREATED_AT = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  // The answer stored with the key is the review as inserted: now() is the transaction's time,
  // which is also the review's created_at.
  const INSERT_ONCE = `WITH claimed AS (
      INSERT INTO idempotency_keys AS k (subject, key, fingerprint, result, expires_at)
      VALUES ($1, $2, $3, json_build_object('id', $5::text, 'text', $6::text, 'createdAt', ${CREATED_AT})::text, ${KEEP_UNTIL})
      ${ON_CONFLICT}
      RETURNING 1)
    INSERT INTO reviews (id, text) SELECT $5::uuid, $6 FROM claimed RETURNING ${REVIEW_COLUMNS.postgres}`;
  // The delete runs only while the key is free; whether it removed a row is the stored answer.
  const DELETE_ONCE = `WITH gone AS (
      DELETE FROM reviews WHERE id = $5 AND NOT EXISTS (SELECT 1 FROM idempotency_keys WHERE subject = $1 AND key = $2 AND expires_at > now())
      RETURNING 1)
    INSERT INTO idempotency_keys AS k (subject, key, fingerprint, result, expires_at)
    SELECT $1, $2, $3, CASE WHEN EXISTS (SELECT 1 FROM gone) THEN 'true' ELSE 'false' END, ${KEEP_UNTIL}
    ${ON_CONFLICT}
    RETURNING result`;

  return {
    kind: "postgres",
    async insert(text) {
      const { rows } = await query<Review>({ text: `INSERT INTO reviews (id, text) VALUES ($1, $2) RETURNING ${REVIEW_COLUMNS.postgres}`, values: [newReviewId(), text] });
      return rows[0] as Review;
    },
    async insertOnce(text, key) {
      return once(key, async () => {
        const { rows } = await query<Review>({ text: INSERT_ONCE, values: [key.subject, key.key, key.fingerprint, key.ttlMs, newReviewId(), text] });
        return rows[0] ?? null;
      });
    },
    async get(id) {
      if (!isReviewId(id)) return null;
      const { rows } = await query<Review>({ text: `SELECT ${REVIEW_COLUMNS.postgres} FROM reviews WHERE id = $1`, values: [id] });
      return rows[0] ?? null;
    },
    async page(first, before) {
      // Named, so each connection parses and plans the page read once rather than on every page.
      const { rows } = await query<PagedReview>({ name: "reviews-page", text: PAGE_SQL.postgres, values: pageParams(first, before) });
      return toPage(rows, first);
    },
    async delete(id) {
      if (!isReviewId(id)) return false;
      const result = await query({ text: "DELETE FROM reviews WHERE id = $1", values: [id] });
      return (result.rowCount ?? 0) > 0;
    },
    feedback: {
      async upsert(input, maxPerCaller) {
        const sha = textKey(input.text);
        const values = [newReviewId(), input.caller, sha, input.text, input.reviewId, input.label, input.modelLabel, input.modelVersion, input.positiveProbability];
        return transaction(async (client) => {
          await client.query(FEEDBACK_SQL.postgres.lockCaller, [input.caller]);
          const counted = await client.query<{ kept: number; same: number }>(FEEDBACK_SQL.postgres.callerRows, [input.caller, sha]);
          const { kept, same } = counted.rows[0] ?? { kept: 0, same: 0 };
          if (same === 0 && kept >= maxPerCaller) return null;
          const { rows } = await client.query<StoredFeedback>(FEEDBACK_SQL.postgres.upsert, values);
          return rows[0] as StoredFeedback;
        });
      },
      async page(first, before, modelVersion) {
        const { rows } = await query<PagedFeedback>({ name: "feedback-page", text: FEEDBACK_SQL.postgres.page, values: [...pageParams(first, before), modelVersion] });
        return { hasNextPage: cutExtraRow(rows, first), feedback: rows };
      },
      async agreement(modelVersion) {
        const { rows } = await query<VersionAgreement>({ text: FEEDBACK_SQL.postgres.agreement, values: [modelVersion] });
        return rows;
      },
    },
    rollout: {
      async list() {
        return (await query<RolloutRow>({ text: ROLLOUT_SQL.postgres.list })).rows;
      },
      async update(plan, by) {
        return transaction(async (client) => {
          await client.query(ROLLOUT_SQL.postgres.lock);
          const planned = plan((await client.query<RolloutRow>(ROLLOUT_SQL.postgres.list)).rows);
          if ("refused" in planned) return planned;
          for (const write of writeOrder(planned.writes)) await client.query(ROLLOUT_SQL.postgres.upsert, [write.version, write.mode, write.share, by]);
          return { rows: (await client.query<RolloutRow>(ROLLOUT_SQL.postgres.list)).rows };
        });
      },
      async callerNumber(caller) {
        for (const text of [ROLLOUT_SQL.postgres.callerNumber, ROLLOUT_SQL.postgres.addCaller, ROLLOUT_SQL.postgres.callerNumber]) {
          const { rows } = await query<{ number: number }>({ text, values: [caller] });
          if (rows[0]) return rows[0].number;
        }
        throw new Error("a caller inserted and read back is not there");
      },
    },
    async deleteOnce(id, key) {
      return once(key, async () => {
        // A malformed id names no review (null matches no row) and never reaches the uuid cast.
        const { rows } = await query<{ result: string }>({ text: DELETE_ONCE, values: [key.subject, key.key, key.fingerprint, key.ttlMs, isReviewId(id) ? id : null] });
        return rows[0] ? (JSON.parse(rows[0].result) as boolean) : null;
      });
    },
    async deleteExpiredKeys() {
      const result = await query({ text: "DELETE FROM idempotency_keys WHERE expires_at <= now()" });
      return result.rowCount ?? 0;
    },
    async ping() {
      await query({ text: "SELECT 1" });
    },
    async close() {
      await pool.end();
    },
  };
}
