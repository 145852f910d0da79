// PostgreSQL storage, used when DATABASE_URL is set. A lost connection (a restarted or failed-over
// database, pg_terminate_backend) costs the requests that were using it, never the process:
// those answer StoreUnavailableError, and the pool opens new connections once the database
// answers again.
import pg from "pg";
import { FEEDBACK_SQL } from "../feedback/feedback-sql.js";
import { textKey, type PagedFeedback, type StoredFeedback, type VersionAgreement } from "../feedback/feedback-store.js";
import { migrate, type MigrationConnection } from "./migrations.js";
import { cutExtraRow, PAGE_SQL, pageParams, toPage } from "./paging.js";
import { isOutage } from "./postgres-outage.js";
import { REVIEW_COLUMNS } from "./review-columns.js";
import { isReviewId, newReviewId } from "./review-id.js";
import { StoreUnavailableError, type PagedReview, type Review, type ReviewStore } from "./review-store.js";

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

  return {
    kind: "postgres",
    async insert(text) {
      const { rows } = await query<Review>({ text: `INSERT INTO reviews (id, text) VALUES ($1, $2) RETURNING ${REVIEW_COLUMNS.postgres}`, values: [newReviewId(), text] });
      return rows[0] as Review;
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
      async upsert(input) {
        const values = [newReviewId(), input.caller, textKey(input.text), input.text, input.reviewId, input.label, input.modelLabel, input.modelVersion, input.positiveProbability];
        const { rows } = await query<StoredFeedback>({ text: FEEDBACK_SQL.postgres.upsert, values });
        return rows[0] as StoredFeedback;
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
    async ping() {
      await query({ text: "SELECT 1" });
    },
    async close() {
      await pool.end();
    },
  };
}
