// Schema migrations: one ordered list, each entry written once for both dialects, and one runner
// that applies the pending ones in order at start-up, each in its own transaction together with
// its row in schema_migrations. Never edit an applied migration; add a new one.
import type { Dialect } from "./review-store.js";

export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "create reviews",
    sqlite: `CREATE TABLE reviews (
      position INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      text TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    postgres: `CREATE TABLE reviews (
      position BIGSERIAL PRIMARY KEY,
      id UUID NOT NULL UNIQUE,
      text TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`,
  },
  {
    version: 2,
    name: "create feedback",
    sqlite: `CREATE TABLE feedback (
      position INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      caller TEXT NOT NULL,
      text_sha256 TEXT NOT NULL,
      text TEXT NOT NULL,
      review_id TEXT,
      label TEXT NOT NULL CHECK (label IN ('POSITIVE', 'NEGATIVE')),
      model_label TEXT NOT NULL CHECK (model_label IN ('POSITIVE', 'NEGATIVE')),
      model_version TEXT NOT NULL,
      positive_probability REAL NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (caller, text_sha256)
    );
    CREATE INDEX feedback_by_model_version ON feedback (model_version, position)`,
    postgres: `CREATE TABLE feedback (
      position BIGSERIAL PRIMARY KEY,
      id UUID NOT NULL UNIQUE,
      caller TEXT NOT NULL,
      text_sha256 CHAR(64) NOT NULL,
      text TEXT NOT NULL,
      review_id UUID,
      label TEXT NOT NULL CHECK (label IN ('POSITIVE', 'NEGATIVE')),
      model_label TEXT NOT NULL CHECK (model_label IN ('POSITIVE', 'NEGATIVE')),
      model_version TEXT NOT NULL,
      positive_probability DOUBLE PRECISION NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      UNIQUE (caller, text_sha256)
    );
    CREATE INDEX feedback_by_model_version ON feedback (model_version, position)`,
  },
  {
    // Keys of writes done once (store/review-store.ts, WriteKey): the first answer of each, per
    // caller, until it expires. Not tied to a review: a key outlives a deleted review and still
    // answers the first result.
    version: 3,
    name: "create idempotency keys",
    sqlite: `CREATE TABLE idempotency_keys (
      subject TEXT NOT NULL,
      key TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      result TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      PRIMARY KEY (subject, key)
    ) WITHOUT ROWID;
    CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)`,
    postgres: `CREATE TABLE idempotency_keys (
      subject TEXT NOT NULL,
      key TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      result TEXT NOT NULL,
      expires_at TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (subject, key)
    );
    CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)`,
  },
  {
    // The model rollout state (rollout/rollout-plan.ts): every ML replica reads it, so it lives
    // here rather than in a process. At most one version serves, whatever writes the table.
    // rollout_callers numbers the callers in the order they first met a canary, which places
    // each one for the canaries on every replica alike (subgraphs/ml/src/rollout/routing.ts).
    version: 4,
    name: "create model rollout",
    sqlite: `CREATE TABLE model_rollout (
      version TEXT PRIMARY KEY,
      mode TEXT NOT NULL CHECK (mode IN ('SERVING', 'CANARY', 'SHADOW', 'RETIRED')),
      share REAL NOT NULL CHECK (share >= 0 AND share <= 100),
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL
    );
    CREATE UNIQUE INDEX model_rollout_one_serving ON model_rollout (mode) WHERE mode = 'SERVING';
    CREATE TABLE rollout_callers (
      number INTEGER PRIMARY KEY,
      caller TEXT NOT NULL UNIQUE
    )`,
    postgres: `CREATE TABLE model_rollout (
      version TEXT PRIMARY KEY,
      mode TEXT NOT NULL CHECK (mode IN ('SERVING', 'CANARY', 'SHADOW', 'RETIRED')),
      share DOUBLE PRECISION NOT NULL CHECK (share >= 0 AND share <= 100),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_by TEXT NOT NULL
    );
    CREATE UNIQUE INDEX model_rollout_one_serving ON model_rollout (mode) WHERE mode = 'SERVING';
    CREATE TABLE rollout_callers (
      number BIGSERIAL PRIMARY KEY,
      caller TEXT NOT NULL UNIQUE
    )`,
  },
];

/** The ledger of applied migrations, per dialect (both existed before the runner was shared). */
const LEDGER: Record<Dialect, { create: string; record: string }> = {
  sqlite: {
    create: "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    record: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
  },
  postgres: {
    create: "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    record: "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
  },
};

/** What the runner needs of a database: one connection, held for the whole run. */
export interface MigrationConnection {
  readonly dialect: Dialect;
  /** Runs SQL (several statements when there are no parameters), ignoring any rows. */
  execute(sql: string, params?: readonly unknown[]): Promise<void>;
  /** Versions recorded in schema_migrations. */
  appliedVersions(): Promise<number[]>;
}

export type MigrationErrorCode = "MIGRATIONS_MISORDERED" | "MIGRATION_FAILED";

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "MigrationError";
  }
}

/** What is wrong with a migration list, empty when nothing is: versions must run 1, 2, 3… in
 *  order (so "pending" is unambiguous and a gap shows a lost migration), names must be unique
 *  and every migration must have SQL for both dialects. */
export function migrationListProblems(migrations: readonly Migration[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  migrations.forEach((migration, index) => {
    const label = `migration ${migration.version} (${migration.name})`;
    if (migration.version !== index + 1) problems.push(`${label} is number ${index + 1} in the list; versions must be 1, 2, 3… in order`);
    if (migration.name.trim() === "") problems.push(`migration ${migration.version} has no name`);
    else if (names.has(migration.name)) problems.push(`${label}: another migration has the same name`);
    names.add(migration.name);
    if (migration.sqlite.trim() === "") problems.push(`${label} has no SQLite statement`);
    if (migration.postgres.trim() === "") problems.push(`${label} has no PostgreSQL statement`);
  });
  return problems;
}

/** Applies the migrations not yet recorded, in order; answers the versions it applied. A failed
 *  migration is rolled back whole (schema change and ledger row) and stops the run. */
export async function migrate(connection: MigrationConnection, migrations: readonly Migration[] = MIGRATIONS, now: () => Date = () => new Date()): Promise<number[]> {
  const problems = migrationListProblems(migrations);
  if (problems.length > 0) throw new MigrationError("MIGRATIONS_MISORDERED", `the migration list is malformed: ${problems.join("; ")}`);
  const ledger = LEDGER[connection.dialect];
  await connection.execute(ledger.create);
  const applied = new Set(await connection.appliedVersions());
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await connection.execute("BEGIN");
    try {
      await connection.execute(migration[connection.dialect]);
      await connection.execute(ledger.record, [migration.version, migration.name, now().toISOString()]);
      await connection.execute("COMMIT");
    } catch (error) {
      // The migration's own failure is the one reported below; a ROLLBACK that fails too (the
      // connection is gone) leaves nothing applied either, since the transaction dies with it.
      await connection.execute("ROLLBACK").catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError("MIGRATION_FAILED", `migration ${migration.version} (${migration.name}) failed and was rolled back: ${reason}`, { cause: error });
    }
    done.push(migration.version);
  }
  return done;
}
