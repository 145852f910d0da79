import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openPostgresStore, openSqliteStore, planRollout, type ReviewStore, type WriteKey } from "@sentiment/reviews";
import type { RolloutMode } from "@sentiment/schema";
import { freshSchemaUrl } from "../support/postgres.js";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const stores: Array<[string, () => Promise<{ open: () => Promise<ReviewStore> }>]> = [
  ["sqlite", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "reviews-")), "reviews.db");
    return { open: async () => openSqliteStore(path) };
  }],
  ["postgres", async () => {
    const { url, drop } = await freshSchemaUrl("store");
    cleanups.push(drop);
    return { open: () => openPostgresStore(url, 4) };
  }],
];

describe.each(stores)("%s review store", (_name, make) => {
  it("stores a review and reads it back by id", async () => {
    const store = await (await make()).open();
    const review = await store.insert("A fine film");
    expect(review.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await store.get(review.id)).toEqual(review);
    await store.close();
  });

  it("dates a review in ISO 8601 UTC with milliseconds, as the API returns it", async () => {
    const store = await (await make()).open();
    const review = await store.insert("Dated");
    expect(new Date(review.createdAt).toISOString()).toBe(review.createdAt);
    expect(Math.abs(Date.parse(review.createdAt) - Date.now())).toBeLessThan(60_000);
    await store.close();
  });

  it("answers null for an unknown or malformed id", async () => {
    const store = await (await make()).open();
    expect(await store.get("00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await store.get("'; DROP TABLE reviews; --")).toBeNull();
    await store.close();
  });

  it("pages newest first without gaps or repeats", async () => {
    const store = await (await make()).open();
    for (let i = 0; i < 7; i += 1) await store.insert(`review number ${i}`);
    const seen: string[] = [];
    let before: number | null = null;
    for (;;) {
      const page = await store.page(3, before);
      seen.push(...page.reviews.map((r) => r.text));
      if (!page.hasNextPage) break;
      before = page.reviews.at(-1)?.position ?? null;
    }
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `review number ${6 - i}`));
    await store.close();
  });

  it("gives each paged review a numeric position and the same fields as a read by id", async () => {
    const store = await (await make()).open();
    const review = await store.insert("Paged and read");
    const [paged] = (await store.page(1, null)).reviews;
    expect(paged).toEqual({ ...review, position: expect.any(Number) });
    await store.close();
  });

  it("deletes a review once", async () => {
    const store = await (await make()).open();
    const review = await store.insert("Short lived");
    expect(await store.delete(review.id)).toBe(true);
    expect(await store.delete(review.id)).toBe(false);
    expect(await store.delete("not-an-id")).toBe(false);
    expect(await store.get(review.id)).toBeNull();
    await store.close();
  });

  it("keeps acknowledged reviews across a reopen, migrating only once", async () => {
    const handle = await make();
    const first = await handle.open();
    const review = await first.insert("Still here after a restart");
    await first.close();
    const second = await handle.open();
    expect(await second.get(review.id)).toEqual(review);
    await second.close();
  });

  describe("writes keyed for once", () => {
    const key = (overrides: Partial<WriteKey> = {}): WriteKey => ({ subject: "key:app", key: "7f1c2d9e-0b7a-4c55", fingerprint: "f1", ttlMs: 60_000, ...overrides });
    const count = async (store: ReviewStore) => (await store.page(100, null)).reviews.length;

    it("stores a review once per key and answers a repeat with the first review", async () => {
      const store = await (await make()).open();
      const first = await store.insertOnce("Once only", key());
      expect(first.outcome).toBe("written");
      const again = await store.insertOnce("Once only", key());
      expect(again).toEqual({ outcome: "repeated", value: first.outcome === "written" ? first.value : null });
      expect(await count(store)).toBe(1);
      await store.close();
    });

    it("refuses the same key with another input, and writes nothing", async () => {
      const store = await (await make()).open();
      await store.insertOnce("The first text", key());
      expect(await store.insertOnce("Another text", key({ fingerprint: "f2" }))).toEqual({ outcome: "conflict" });
      expect(await store.deleteOnce("00000000-0000-4000-8000-000000000000", key({ fingerprint: "f3" }))).toEqual({ outcome: "conflict" });
      expect(await count(store)).toBe(1);
      await store.close();
    });

    it("keeps keys per caller: another caller's same key is another write", async () => {
      const store = await (await make()).open();
      await store.insertOnce("Mine", key());
      expect((await store.insertOnce("Mine", key({ subject: "key:other" }))).outcome).toBe("written");
      expect(await count(store)).toBe(2);
      await store.close();
    });

    it("answers the first review even after it was deleted", async () => {
      const store = await (await make()).open();
      const first = await store.insertOnce("Gone but answered", key());
      if (first.outcome !== "written") throw new Error("not written");
      await store.delete(first.value.id);
      expect(await store.insertOnce("Gone but answered", key())).toEqual({ outcome: "repeated", value: first.value });
      expect(await count(store)).toBe(0);
      await store.close();
    });

    it("writes again once the key has expired, and sweeps expired keys", async () => {
      const store = await (await make()).open();
      await store.insertOnce("Short memory", key({ ttlMs: 0 }));
      expect((await store.insertOnce("Short memory", key({ ttlMs: 0 }))).outcome).toBe("written");
      expect(await count(store)).toBe(2);
      await store.insertOnce("Kept a while", key({ key: "kept-a-while", ttlMs: 60_000 }));
      expect(await store.deleteExpiredKeys()).toBe(1);
      expect((await store.insertOnce("Kept a while", key({ key: "kept-a-while" }))).outcome).toBe("repeated");
      await store.close();
    });

    it("deletes once per key: a repeat answers true, as the first delete did", async () => {
      const store = await (await make()).open();
      const review = await store.insert("Delete me once");
      expect(await store.deleteOnce(review.id, key({ fingerprint: "d1" }))).toEqual({ outcome: "written", value: true });
      expect(await store.deleteOnce(review.id, key({ fingerprint: "d1" }))).toEqual({ outcome: "repeated", value: true });
      expect(await store.deleteOnce(review.id, key({ key: "another-delete", fingerprint: "d1" }))).toEqual({ outcome: "written", value: false });
      expect(await store.deleteOnce("not-an-id", key({ key: "malformed-id", fingerprint: "d2" }))).toEqual({ outcome: "written", value: false });
      await store.close();
    });

    it("keeps keys across a reopen", async () => {
      const handle = await make();
      const before = await handle.open();
      const first = await before.insertOnce("Across a restart", key());
      await before.close();
      const after = await handle.open();
      expect(await after.insertOnce("Across a restart", key())).toEqual({ outcome: "repeated", value: first.outcome === "written" ? first.value : null });
      expect(await count(after)).toBe(1);
      await after.close();
    });

    it("writes once when two stores on one database race with the same key", async () => {
      const handle = await make();
      const [a, b] = [await handle.open(), await handle.open()];
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).insertOnce("Raced", key())));
      expect(outcomes.filter((o) => o.outcome === "written")).toHaveLength(1);
      expect(new Set(outcomes.map((o) => (o.outcome === "conflict" ? "conflict" : o.value.id))).size).toBe(1);
      expect(await count(a)).toBe(1);
      await a.close();
      await b.close();
    });
  });
});

describe.each(stores)("%s feedback store", (_name, make) => {
  const served = { modelLabel: "POSITIVE" as const, modelVersion: "v1", positiveProbability: 0.8, reviewId: null };

  it("keeps one row per caller and text: a second call replaces the first", async () => {
    const store = await (await make()).open();
    const first = await store.feedback.upsert({ caller: "apikey:a", text: "Lovely café ☕", label: "POSITIVE", ...served }, 100);
    const second = await store.feedback.upsert({ caller: "apikey:a", text: "Lovely café ☕", label: "NEGATIVE", ...served, modelVersion: "v2" }, 100);
    expect(second?.id).toBe(first?.id);
    expect(second).toMatchObject({ label: "NEGATIVE", modelVersion: "v2", text: "Lovely café ☕", caller: "apikey:a" });
    const page = await store.feedback.page(10, null, null);
    expect(page.feedback.map((f) => f.label)).toEqual(["NEGATIVE"]);
    await store.close();
  });

  it("refuses a caller's new text past its bound, still replaces a kept one, and leaves other callers alone", async () => {
    const store = await (await make()).open();
    for (const text of ["first text", "second text"]) expect(await store.feedback.upsert({ caller: "apikey:a", text, label: "POSITIVE", ...served }, 2)).not.toBeNull();
    expect(await store.feedback.upsert({ caller: "apikey:a", text: "third text", label: "POSITIVE", ...served }, 2)).toBeNull();
    expect(await store.feedback.upsert({ caller: "apikey:a", text: "first text", label: "NEGATIVE", ...served }, 2)).toMatchObject({ label: "NEGATIVE" });
    expect(await store.feedback.upsert({ caller: "apikey:b", text: "third text", label: "POSITIVE", ...served }, 2)).not.toBeNull();
    expect((await store.feedback.page(10, null, null)).feedback.map((f) => `${f.caller} ${f.text}`).sort()).toEqual(["apikey:a first text", "apikey:a second text", "apikey:b third text"]);
    await store.close();
  });

  it("holds the bound when one caller's new texts arrive at once, from two store instances", async () => {
    const setup = await make();
    const [a, b] = [await setup.open(), await setup.open()];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).feedback.upsert({ caller: "apikey:a", text: `text number ${i}`, label: "POSITIVE", ...served }, 5)));
    expect(results.filter((r) => r !== null)).toHaveLength(5);
    expect((await a.feedback.page(100, null, null)).feedback).toHaveLength(5);
    await a.close();
    await b.close();
  });

  it("keeps feedback of two callers on the same text apart", async () => {
    const store = await (await make()).open();
    await store.feedback.upsert({ caller: "apikey:a", text: "Too loud", label: "NEGATIVE", ...served }, 100);
    await store.feedback.upsert({ caller: "apikey:b", text: "Too loud", label: "POSITIVE", ...served }, 100);
    expect((await store.feedback.page(10, null, null)).feedback.map((f) => f.caller)).toEqual(["apikey:b", "apikey:a"]);
    await store.close();
  });

  it("pages and counts agreement per model version, optionally for one version", async () => {
    const store = await (await make()).open();
    await store.feedback.upsert({ caller: "c", text: "one text", label: "POSITIVE", ...served, modelVersion: "v1" }, 100);
    await store.feedback.upsert({ caller: "c", text: "two text", label: "NEGATIVE", ...served, modelVersion: "v1" }, 100);
    await store.feedback.upsert({ caller: "c", text: "three text", label: "POSITIVE", ...served, modelVersion: "v2" }, 100);
    expect(await store.feedback.agreement(null)).toEqual([
      { modelVersion: "v1", count: 2, agreeing: 1 },
      { modelVersion: "v2", count: 1, agreeing: 1 },
    ]);
    expect(await store.feedback.agreement("v2")).toEqual([{ modelVersion: "v2", count: 1, agreeing: 1 }]);
    const first = await store.feedback.page(1, null, "v1");
    expect(first.feedback.map((f) => f.text)).toEqual(["two text"]);
    expect(first.hasNextPage).toBe(true);
    const second = await store.feedback.page(1, first.feedback[0]?.position ?? null, "v1");
    expect(second.feedback.map((f) => f.text)).toEqual(["one text"]);
    expect(second.hasNextPage).toBe(false);
    expect(new Date(second.feedback[0]?.updatedAt ?? "").toISOString()).toBe(second.feedback[0]?.updatedAt);
    await store.close();
  });
});

describe.each(stores)("%s model rollout store", (_name, make) => {
  const loaded = { versions: ["v1", "v2", "v3"], serving: "v1" };
  const set = (store: ReviewStore, version: string, mode: RolloutMode, share: number | null = null) => store.rollout.update((stored) => planRollout(stored, { version, mode, share }, loaded), "apikey:admin");

  it("stores a change with who made it and when, and answers the whole state after it", async () => {
    const store = await (await make()).open();
    const update = await set(store, "v2", "CANARY", 12.5);
    expect(update).toEqual({ rows: [{ version: "v2", mode: "CANARY", share: 12.5, updatedAt: expect.any(String), updatedBy: "apikey:admin" }] });
    const [row] = await store.rollout.list();
    expect(new Date(row?.updatedAt ?? "").toISOString()).toBe(row?.updatedAt);
    await store.close();
  });

  it("promotes in one step, the serving version retiring, and keeps the state across a reopen", async () => {
    const setup = await make();
    const store = await setup.open();
    await set(store, "v2", "SERVING");
    await set(store, "v3", "SERVING");
    await store.close();
    const reopened = await setup.open();
    expect((await reopened.rollout.list()).map(({ version, mode, share }) => ({ version, mode, share }))).toEqual([
      { version: "v1", mode: "RETIRED", share: 0 },
      { version: "v2", mode: "RETIRED", share: 0 },
      { version: "v3", mode: "SERVING", share: 100 },
    ]);
    await reopened.close();
  });

  it("writes nothing for a refused change", async () => {
    const store = await (await make()).open();
    expect(await set(store, "v1", "RETIRED")).toMatchObject({ refused: { field: "mode" } });
    expect(await store.rollout.list()).toEqual([]);
    await store.close();
  });

  it("leaves one serving version when two promotions race from two store instances", async () => {
    const setup = await make();
    const [a, b] = [await setup.open(), await setup.open()];
    await Promise.all([set(a, "v2", "SERVING"), set(b, "v3", "SERVING")]);
    expect((await a.rollout.list()).filter((row) => row.mode === "SERVING")).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it("numbers callers 1, 2, 3… in the order first asked, the same number ever after", async () => {
    const store = await (await make()).open();
    expect(await store.rollout.callerNumber("apikey:a")).toBe(1);
    expect(await store.rollout.callerNumber("apikey:b")).toBe(2);
    expect(await store.rollout.callerNumber("apikey:a")).toBe(1);
    expect(await store.rollout.callerNumber("jwt:张伟")).toBe(3);
    await store.close();
  });
});
