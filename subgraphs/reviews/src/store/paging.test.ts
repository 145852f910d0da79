import fc from "fast-check";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { createLogger } from "@sentiment/platform";
import { resolvers, type ReviewsContext } from "../resolvers.js";
import { decodeCursor, encodeCursor, PAGE_SQL, pageParams, toPage } from "./paging.js";
import { REVIEW_COLUMNS } from "./review-columns.js";
import type { PagedReview } from "./review-store.js";
import { openSqliteStore } from "./sqlite-store.js";

const wrap = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const position = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
// Strings of every kind a client could send: arbitrary text, base64url of arbitrary text, and
// near misses (our prefix before arbitrary text, a cursor with something appended or cut).
const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string().map(wrap),
  fc.string().map((tail) => wrap(`r:${tail}`)),
  fc.tuple(position, fc.string({ minLength: 1 })).map(([p, tail]) => encodeCursor(p) + tail),
  position.map((p) => encodeCursor(p).slice(0, -1)),
);

describe("pagination cursors", () => {
  it("decode to the position they were made from", () => {
    fc.assert(fc.property(position, (p) => decodeCursor(encodeCursor(p)) === p));
  });

  it("refuse (null, never an exception) any string encodeCursor did not write", () => {
    fc.assert(
      fc.property(anyString, (text) => {
        const decoded = decodeCursor(text);
        return decoded === null || encodeCursor(decoded) === text;
      }),
      { numRuns: 2_000 },
    );
  });

  it("refuse positions spelled any other way than plain decimal digits", () => {
    for (const text of ["r:1e2", "r:0x10", "r: 5", "r:5 ", "r:+5", "r:05", "r:5.0", "r:0", "r:-1", "r:", "r:1_000", "r:Infinity", "r:99999999999999999999"]) {
      expect(decodeCursor(wrap(text)), text).toBeNull();
    }
  });

  it("refuse foreign and non-canonical encodings", () => {
    expect(decodeCursor("bm90LWEtY3Vyc29y")).toBeNull();
    expect(decodeCursor(`${encodeCursor(5)}=`)).toBeNull();
    // "cjoxMA" is position 10; "cjoxMB" differs only in bits the decoder drops.
    expect(encodeCursor(10)).toBe("cjoxMA");
    expect(decodeCursor("cjoxMB")).toBeNull();
    expect(decodeCursor("")).toBeNull();
    expect(decodeCursor("r:5")).toBeNull();
  });

  it("reach a client that sends anything else as BAD_USER_INPUT on `after`", async () => {
    const store = await openSqliteStore(":memory:");
    const ctx: ReviewsContext = { store, logger: createLogger("reviews", "silent"), maxPageSize: 100, identity: { subject: "anonymous", role: "reader" }, signed: { nonce: "n".repeat(24), expiresAt: Date.now() + 10_000 }, idempotencyKeyTtlMs: 3_600_000, countWrite: () => undefined, feedbackMaxPerCaller: 1_000, countFeedbackQuotaRefusal: () => undefined, requestId: "test", scoreText: null, loadedVersions: null };
    const { reviews } = resolvers.Query as { reviews: (parent: unknown, args: { first: number; after: string }, ctx: ReviewsContext) => Promise<unknown> };
    try {
      await fc.assert(
        fc.asyncProperty(
          anyString.filter((text) => decodeCursor(text) === null),
          async (after) => {
            const error = await reviews(undefined, { first: 10, after }, ctx).then(() => null, (e: unknown) => e);
            expect(error).toBeInstanceOf(GraphQLError);
            expect((error as GraphQLError).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
          },
        ),
        { numRuns: 300 },
      );
    } finally {
      await store.close();
    }
  });
});

describe("reading a page", () => {
  const rows = (count: number): PagedReview[] => Array.from({ length: count }, (_, i) => ({ position: count - i, id: `id-${i}`, text: `text ${i}`, createdAt: "2026-01-01T00:00:00.000Z" }));

  it("asks for one row more than the page holds, from the newest when there is no cursor", () => {
    const [before, limit] = pageParams(100, null);
    expect(limit).toBe(101);
    expect(before).toBeGreaterThanOrEqual(Number.MAX_SAFE_INTEGER);
    expect(pageParams(3, 42)).toEqual([42, 4]);
  });

  it("reports a next page only when the extra row came back, and leaves it out", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 51 }), (first, returned) => {
        const count = Math.min(returned, first + 1);
        const page = toPage(rows(count), first);
        expect(page.hasNextPage).toBe(count > first);
        expect(page.reviews).toEqual(rows(count).slice(0, first));
      }),
    );
  });

  it("is the same statement in both dialects but for parameter markers and how a row is read", () => {
    const portable = (sql: string, columns: string) => sql.replace(columns, "<columns>").replace(/\$\d/g, "?");
    expect(portable(PAGE_SQL.postgres, REVIEW_COLUMNS.postgres)).toBe(portable(PAGE_SQL.sqlite, REVIEW_COLUMNS.sqlite));
  });
});
