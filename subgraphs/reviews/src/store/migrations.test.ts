import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrate, MigrationError, migrationListProblems, MIGRATIONS, type Migration } from "./migrations.js";
import { sqliteMigrationConnection } from "./sqlite-store.js";

const migration = (version: number, name: string, sql = `CREATE TABLE t${version} (x INTEGER)`): Migration => ({ version, name, sqlite: sql, postgres: sql });

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name);
const ledger = (db: Database.Database) => db.prepare("SELECT version, name FROM schema_migrations ORDER BY version").all();

describe("the migration list", () => {
  it("is numbered 1, 2, 3… in order, with unique names and SQL for both dialects", () => {
    expect(migrationListProblems(MIGRATIONS)).toEqual([]);
  });

  it("is refused when a version is out of order, repeated or missing", () => {
    expect(migrationListProblems([migration(2, "b"), migration(1, "a")])).toHaveLength(2);
    expect(migrationListProblems([migration(1, "a"), migration(1, "b")])).toHaveLength(1);
    expect(migrationListProblems([migration(1, "a"), migration(3, "c")])).toHaveLength(1);
  });

  it("is refused when a name repeats or a dialect has no SQL", () => {
    expect(migrationListProblems([migration(1, "a"), migration(2, "a")])).toEqual(["migration 2 (a): another migration has the same name"]);
    expect(migrationListProblems([{ ...migration(1, "a"), postgres: " " }])).toEqual(["migration 1 (a) has no PostgreSQL statement"]);
  });
});

describe("the migration runner", () => {
  it("applies pending migrations in order, records each, and applies none twice", async () => {
    const db = new Database(":memory:");
    const connection = sqliteMigrationConnection(db);
    expect(await migrate(connection, [migration(1, "a")])).toEqual([1]);
    expect(await migrate(connection, [migration(1, "a"), migration(2, "b")])).toEqual([2]);
    expect(await migrate(connection, [migration(1, "a"), migration(2, "b")])).toEqual([]);
    expect(tables(db)).toEqual(["schema_migrations", "t1", "t2"]);
    expect(ledger(db)).toEqual([{ version: 1, name: "a" }, { version: 2, name: "b" }]);
    db.close();
  });

  it("rolls a failed migration back whole, keeps the ones before it, and says which failed", async () => {
    const db = new Database(":memory:");
    const failing = migration(2, "half done", "CREATE TABLE t2 (x INTEGER); INSERT INTO nowhere VALUES (1)");
    const error = await migrate(sqliteMigrationConnection(db), [migration(1, "a"), failing, migration(3, "c")]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: "MIGRATION_FAILED", message: expect.stringMatching(/^migration 2 \(half done\) failed and was rolled back: no such table: nowhere/) });
    expect(tables(db)).toEqual(["schema_migrations", "t1"]);
    expect(ledger(db)).toEqual([{ version: 1, name: "a" }]);
    db.close();
  });

  it("refuses a malformed list before touching the database", async () => {
    const db = new Database(":memory:");
    await expect(migrate(sqliteMigrationConnection(db), [migration(2, "b")])).rejects.toMatchObject({ code: "MIGRATIONS_MISORDERED" });
    expect(tables(db)).toEqual([]);
    db.close();
  });
});
