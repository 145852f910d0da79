// SQLite storage (the zero-setup default): one file, WAL, synchronous=FULL so that a write
// is on disk before the mutation answers.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { FEEDBACK_SQL } from "../feedback/feedback-sql.js";
import { textKey, type PagedFeedback, type StoredFeedback, type VersionAgreement } from "../feedback/feedback-store.js";
import type { RolloutPlan, RolloutRow, RolloutState } from "../rollout/rollout-plan.js";
import { ROLLOUT_SQL, writeOrder } from "../rollout/rollout-sql.js";
import type { RolloutUpdate } from "../rollout/rollout-store.js";
import { migrate, type MigrationConnection } from "./migrations.js";
import { cutExtraRow, PAGE_SQL, pageParams, toPage } from "./paging.js";
import { REVIEW_COLUMNS } from "./review-columns.js";
import { isReviewId, newReviewId } from "./review-id.js";
import type { KeyedWrite, PagedReview, Review, ReviewStore, WriteKey } from "./review-store.js";

/** The migration runner's view of a SQLite database. */
export function sqliteMigrationConnection(db: Database.Database): MigrationConnection {
  return {
    dialect: "sqlite",
    async execute(sql, params = []) {
      if (params.length === 0) db.exec(sql);
      else db.prepare(sql).run(...params);
    },
    async appliedVersions() {
      return (db.prepare("SELECT version FROM schema_migrations").all() as Array<{ version: number }>).map((row) => row.version);
    },
  };
}

export async function openSqliteStore(path: string): Promise<ReviewStore> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  try {
    await migrate(sqliteMigrationConnection(db));
  } catch (error) {
    db.close();
    throw error;
  }
  const insert = db.prepare("INSERT INTO reviews (id, text, created_at) VALUES (?, ?, ?)");
  const byId = db.prepare<[string], Review>(`SELECT ${REVIEW_COLUMNS.sqlite} FROM reviews WHERE id = ?`);
  const page = db.prepare<[number, number], PagedReview>(PAGE_SQL.sqlite);
  const remove = db.prepare("DELETE FROM reviews WHERE id = ?");
  const ping = db.prepare("SELECT 1");
  const feedbackUpsert = db.prepare<[Record<string, unknown>], StoredFeedback>(FEEDBACK_SQL.sqlite.upsert);
  const feedbackCallerRows = db.prepare<[Record<string, unknown>], { kept: number; same: number | null }>(FEEDBACK_SQL.sqlite.callerRows);
  // IMMEDIATE: the write lock is taken before the count, so two processes cannot both pass the bound.
  const feedbackBounded = db.transaction((row: Record<string, unknown>, maxPerCaller: number): StoredFeedback | null => {
    const { kept, same } = feedbackCallerRows.get(row) ?? { kept: 0, same: 0 };
    if (!same && kept >= maxPerCaller) return null;
    return feedbackUpsert.get(row) as StoredFeedback;
  });
  const feedbackPage = db.prepare<[Record<string, unknown>], PagedFeedback>(FEEDBACK_SQL.sqlite.page);
  const feedbackAgreement = db.prepare<[Record<string, unknown>], VersionAgreement>(FEEDBACK_SQL.sqlite.agreement);
  const rolloutList = db.prepare<[], RolloutRow>(ROLLOUT_SQL.sqlite.list);
  const rolloutUpsert = db.prepare(ROLLOUT_SQL.sqlite.upsert);
  // IMMEDIATE (below): the write lock is taken before the read, so each change plans on the state the one before left.
  const rolloutUpdate = db.transaction((plan: (stored: RolloutState[]) => RolloutPlan, by: string): RolloutUpdate => {
    const planned = plan(rolloutList.all());
    if ("refused" in planned) return planned;
    const updatedAt = new Date().toISOString();
    for (const write of writeOrder(planned.writes)) rolloutUpsert.run({ ...write, updatedAt, updatedBy: by });
    return { rows: rolloutList.all() };
  });
  const addCaller = db.prepare<[string]>(ROLLOUT_SQL.sqlite.addCaller);
  const callerNumber = db.prepare<[string], { number: number }>(ROLLOUT_SQL.sqlite.callerNumber);
  const keyed = db.prepare<[string, string, number], { fingerprint: string; result: string }>("SELECT fingerprint, result FROM idempotency_keys WHERE subject = ? AND key = ? AND expires_at > ?");
  const keep = db.prepare("INSERT OR REPLACE INTO idempotency_keys (subject, key, fingerprint, result, expires_at) VALUES (?, ?, ?, ?, ?)");
  const expire = db.prepare("DELETE FROM idempotency_keys WHERE expires_at <= ?");

  /** Runs `write` once per key. The transaction is IMMEDIATE: it takes the database's write lock
   *  before reading the key, so two processes on one file cannot both find it absent. */
  const claim = db.transaction((key: WriteKey, write: () => unknown): KeyedWrite<unknown> => {
    const now = Date.now();
    const first = keyed.get(key.subject, key.key, now);
    if (first) return first.fingerprint === key.fingerprint ? { outcome: "repeated", value: JSON.parse(first.result) } : { outcome: "conflict" };
    const value = write();
    keep.run(key.subject, key.key, key.fingerprint, JSON.stringify(value), now + key.ttlMs);
    return { outcome: "written", value };
  });
  const once = <T>(key: WriteKey, write: () => T): KeyedWrite<T> => claim.immediate(key, write) as KeyedWrite<T>;

  return {
    kind: "sqlite",
    async insert(text) {
      const review = { id: newReviewId(), text, createdAt: new Date().toISOString() };
      insert.run(review.id, review.text, review.createdAt);
      return review;
    },
    async insertOnce(text, key) {
      return once(key, () => {
        const review = { id: newReviewId(), text, createdAt: new Date().toISOString() };
        insert.run(review.id, review.text, review.createdAt);
        return review;
      });
    },
    async get(id) {
      if (!isReviewId(id)) return null;
      return byId.get(id) ?? null;
    },
    async page(first, before) {
      return toPage(page.all(...pageParams(first, before)), first);
    },
    async delete(id) {
      if (!isReviewId(id)) return false;
      return remove.run(id).changes > 0;
    },
    feedback: {
      async upsert(input, maxPerCaller) {
        const row = { ...input, id: newReviewId(), textSha256: textKey(input.text), updatedAt: new Date().toISOString() };
        return feedbackBounded.immediate(row, maxPerCaller);
      },
      async page(first, before, modelVersion) {
        const [from, limit] = pageParams(first, before);
        const rows = feedbackPage.all({ before: from, limit, version: modelVersion });
        return { hasNextPage: cutExtraRow(rows, first), feedback: rows };
      },
      async agreement(modelVersion) {
        return feedbackAgreement.all({ version: modelVersion });
      },
    },
    rollout: {
      async list() {
        return rolloutList.all();
      },
      async update(plan, by) {
        return rolloutUpdate.immediate(plan, by);
      },
      async callerNumber(caller) {
        addCaller.run(caller);
        return (callerNumber.get(caller) as { number: number }).number;
      },
    },
    async deleteOnce(id, key) {
      return once(key, () => isReviewId(id) && remove.run(id).changes > 0);
    },
    async deleteExpiredKeys() {
      return expire.run(Date.now()).changes;
    },
    async ping() {
      ping.get();
    },
    async close() {
      db.close();
    },
  };
}
