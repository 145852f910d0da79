// PostgreSQL storage, used when DATABASE_URL is set. A lost connection (a restarted or failed-over
// database, pg_terminate_backend) costs the requests that were using it, never the process:
// those answer StoreUnavailableError, and the pool opens new connections once the database
// answers again.
import pg from "pg";
import { MIGRATIONS } from "./migrations.js";
import { isOutage } from "./postgres-outage.js";
import { REVIEW_ID, StoreUnavailableError, type Review, type ReviewPage, type ReviewStore } from "./review-store.js";

interface Row {
  position: string;
  id: string;
  text: string;
  created_at: Date;
}

const toReview = (row: Row): Review => ({ id: row.id, text: row.text, createdAt: row.created_at.toISOString() });

// Serialises migrations when several instances start at once.
const MIGRATION_LOCK = 74_211_001;

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
  });
  // Without a listener, an idle connection's error (the server closed it) kills the process.
  pool.on("error", (error) => options.onIdleConnectionError?.(error));
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    const { rows } = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
    const applied = new Set(rows.map((r) => r.version));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query("BEGIN");
      await client.query(migration.postgres);
      await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [migration.version, migration.name]);
      await client.query("COMMIT");
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }

  /** pool.query, with an unreachable database reported as StoreUnavailableError */
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> => {
    try {
      return await pool.query<R>(text, values);
    } catch (error) {
      throw isOutage(error) ? new StoreUnavailableError(error) : error;
    }
  };

  return {
    kind: "postgres",
    async insert(text) {
      const { rows } = await query<Row>("INSERT INTO reviews (id, text) VALUES (gen_random_uuid(), $1) RETURNING position, id, text, created_at", [text]);
      return toReview(rows[0] as Row);
    },
    async get(id) {
      if (!REVIEW_ID.test(id)) return null;
      const { rows } = await query<Row>("SELECT position, id, text, created_at FROM reviews WHERE id = $1", [id]);
      return rows[0] ? toReview(rows[0]) : null;
    },
    async page(first, before): Promise<ReviewPage> {
      const { rows } =
        before === null
          ? await query<Row>("SELECT position, id, text, created_at FROM reviews ORDER BY position DESC LIMIT $1", [first + 1])
          : await query<Row>("SELECT position, id, text, created_at FROM reviews WHERE position < $1 ORDER BY position DESC LIMIT $2", [before, first + 1]);
      return { reviews: rows.slice(0, first).map((r) => ({ ...toReview(r), position: Number(r.position) })), hasNextPage: rows.length > first };
    },
    async delete(id) {
      if (!REVIEW_ID.test(id)) return false;
      const result = await query("DELETE FROM reviews WHERE id = $1", [id]);
      return (result.rowCount ?? 0) > 0;
    },
    async ping() {
      await query("SELECT 1");
    },
    async close() {
      await pool.end();
    },
  };
}
