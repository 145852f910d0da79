// SQLite storage (the zero-setup default): one file, WAL, synchronous=FULL so that a write
// is on disk before the mutation answers.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS } from "./migrations.js";
import { REVIEW_ID, type Review, type ReviewPage, type ReviewStore } from "./review-store.js";

interface Row {
  position: number;
  id: string;
  text: string;
  created_at: string;
}

const toReview = (row: Row): Review => ({ id: row.id, text: row.text, createdAt: row.created_at });

export function openSqliteStore(path: string): ReviewStore {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  const applied = new Set((db.prepare("SELECT version FROM schema_migrations").all() as Array<{ version: number }>).map((r) => r.version));
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sqlite);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(migration.version, migration.name, new Date().toISOString());
    })();
  }
  const insert = db.prepare("INSERT INTO reviews (id, text, created_at) VALUES (?, ?, ?)");
  const byId = db.prepare("SELECT position, id, text, created_at FROM reviews WHERE id = ?");
  const firstPage = db.prepare("SELECT position, id, text, created_at FROM reviews ORDER BY position DESC LIMIT ?");
  const nextPage = db.prepare("SELECT position, id, text, created_at FROM reviews WHERE position < ? ORDER BY position DESC LIMIT ?");
  const remove = db.prepare("DELETE FROM reviews WHERE id = ?");

  return {
    kind: "sqlite",
    async insert(text) {
      const review = { id: randomUUID(), text, createdAt: new Date().toISOString() };
      insert.run(review.id, review.text, review.createdAt);
      return review;
    },
    async get(id) {
      if (!REVIEW_ID.test(id)) return null;
      const row = byId.get(id) as Row | undefined;
      return row ? toReview(row) : null;
    },
    async page(first, before): Promise<ReviewPage> {
      const rows = (before === null ? firstPage.all(first + 1) : nextPage.all(before, first + 1)) as Row[];
      return { reviews: rows.slice(0, first).map((r) => ({ ...toReview(r), position: r.position })), hasNextPage: rows.length > first };
    },
    async delete(id) {
      if (!REVIEW_ID.test(id)) return false;
      return remove.run(id).changes > 0;
    },
    async ping() {
      db.prepare("SELECT 1").get();
    },
    async close() {
      db.close();
    },
  };
}
