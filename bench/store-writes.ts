// What writing once costs the store: a plain insert against a keyed one (the path every
// submitReview takes, with the client's key or the signature's), and a repeat answered from the
// key, on SQLite (a file, synchronous=FULL) and PostgreSQL (DATABASE_URL, or the local test
// database, in a schema of its own that is dropped afterwards). Rounds alternate the kinds so a
// busy machine slows them alike; each figure is the best round.
//   npx tsx bench/store-writes.ts [writes per round, default 1000]
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openPostgresStore, openSqliteStore, type ReviewStore, type WriteKey } from "@sentiment/reviews";

const WRITES = Number(process.argv[2] ?? 1000);
const ROUNDS = 3;
const CONCURRENCY = 16;

const key = (n: number): WriteKey => ({ subject: "key:bench", key: `signature/bench-${n}/submitReview`, fingerprint: `f${n}`, ttlMs: 70_000 });

type Kind = "insert" | "insertOnce" | "repeat";
const KINDS: Kind[] = ["insert", "insertOnce", "repeat"];

/** Microseconds per write for `WRITES` writes of one kind, `CONCURRENCY` at a time. */
async function round(store: ReviewStore, kind: Kind, offset: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < WRITES) {
        const n = offset + next++;
        const text = `Benchmark review number ${n}, a plain sentence of ordinary length.`;
        if (kind === "insert") await store.insert(text);
        else if (kind === "insertOnce") await store.insertOnce(text, key(n));
        // The keys of the previous insertOnce round, asked again.
        else await store.insertOnce(text, key(n - WRITES));
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1000 / WRITES;
}

async function measure(name: string, store: ReviewStore): Promise<void> {
  const best: Record<Kind, number> = { insert: Infinity, insertOnce: Infinity, repeat: Infinity };
  for (let r = 0; r < ROUNDS; r += 1) {
    const offset = r * 2 * WRITES;
    for (const kind of KINDS) best[kind] = Math.min(best[kind], await round(store, kind, kind === "repeat" ? offset + WRITES : offset));
  }
  const f = (us: number) => `${us.toFixed(0)} µs`;
  console.log(`${name}: insert ${f(best.insert)}, keyed insert ${f(best.insertOnce)} (${(best.insertOnce / best.insert).toFixed(2)}×), repeat answered from its key ${f(best.repeat)} — per write, ${WRITES} writes ${CONCURRENCY} at a time, best of ${ROUNDS}`);
}

const sqlitePath = join(mkdtempSync(join(tmpdir(), "store-writes-")), "reviews.db");
const sqlite = await openSqliteStore(sqlitePath);
await measure("SQLite", sqlite);
await sqlite.close();

const base = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const schema = `store_writes_${process.pid}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
try {
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const postgres = await openPostgresStore(url.toString(), CONCURRENCY);
  await measure("PostgreSQL", postgres);
  await postgres.close();
} finally {
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}
