// PostgreSQL storage, used when DATABASE_URL is set.
import pg from "pg";
import { MIGRATIONS } from "./migrations.js";
import { REVIEW_ID, type Review, type ReviewPage, type ReviewStore } from "./review-store.js";

interface Row {
  position: string;
  id: string;
  text: string;
  created_at: Date;
}

const toReview = (row: Row): Review => ({ id: row.id, text: row.text, createdAt: row.created_at.toISOString() });

// Serialises migrations when several instances start at once.
const MIGRATION_LOCK = 74_211_001;

export async function openPostgresStore(connectionString: string, poolSize: number): Promise<ReviewStore> {
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 5_000 });
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

  return {
    kind: "postgres",
    async insert(text) {
      const { rows } = await pool.query<Row>("INSERT INTO reviews (id, text) VALUES (gen_random_uuid(), $1) RETURNING position, id, text, created_at", [text]);
      return toReview(rows[0] as Row);
    },
    async get(id) {
      if (!REVIEW_ID.test(id)) return null;
      const { rows } = await pool.query<Row>("SELECT position, id, text, created_at FROM reviews WHERE id = $1", [id]);
      return rows[0] ? toReview(rows[0]) : null;
    },
    async page(first, before): Promise<ReviewPage> {
      const { rows } =
        before === null
          ? await pool.query<Row>("SELECT position, id, text, created_at FROM reviews ORDER BY position DESC LIMIT $1", [first + 1])
          : await pool.query<Row>("SELECT position, id, text, created_at FROM reviews WHERE position < $1 ORDER BY position DESC LIMIT $2", [before, first + 1]);
      return { reviews: rows.slice(0, first).map((r) => ({ ...toReview(r), position: Number(r.position) })), hasNextPage: rows.length > first };
    },
    async delete(id) {
      if (!REVIEW_ID.test(id)) return false;
      const result = await pool.query("DELETE FROM reviews WHERE id = $1", [id]);
      return (result.rowCount ?? 0) > 0;
    },
    async ping() {
      await pool.query("SELECT 1");
    },
    async close() {
      await pool.end();
    },
  };
}
