import { describe, expect, it } from "vitest";
import { domainHeldOutFolds } from "./cross-validation.js";

const rows = [
  ...Array.from({ length: 12 }, (_, i) => ({ source: "movie-phrases", domain: "film", group: `sentence-${i % 6}` })),
  ...["kitchen", "books", "dvd", "books", "kitchen", "dvd"].map((domain, i) => ({ source: "multi-domain-reviews", domain, group: `${domain}-${i}` })),
];
type Row = (typeof rows)[number];
const isFilm = (r: Row) => r.domain === "film";
const reviewDomain = (r: Row) => (isFilm(r) ? null : r.domain);

describe("domain-held-out folds", () => {
  it("hold out one review domain per fold, in name order", () => {
    const scheme = domainHeldOutFolds(rows, reviewDomain, 1);
    expect(scheme?.domains).toEqual(["books", "dvd", "kitchen"]);
    rows.forEach((r, i) => {
      if (!isFilm(r)) expect(scheme?.folds[i]).toBe(scheme?.domains.indexOf(r.domain));
    });
  });

  it("spread the film phrases over every fold, a sentence's phrases in one", () => {
    const folds = domainHeldOutFolds(rows, reviewDomain, 1)?.folds as number[];
    const film = rows.flatMap((r, i) => (isFilm(r) ? [i] : []));
    expect(new Set(film.map((i) => folds[i]))).toEqual(new Set([0, 1, 2]));
    film.forEach((i) => film.forEach((j) => rows[i]?.group === rows[j]?.group && expect(folds[i]).toBe(folds[j])));
  });

  it("are null when there are fewer than two domains to hold out", () => {
    expect(domainHeldOutFolds(rows.filter((r) => isFilm(r) || r.domain === "books"), reviewDomain, 1)).toBeNull();
  });

  it("put a row of another source about a held-out domain in that domain's fold, and spread the rest without moving the film phrases", () => {
    const everyday = [
      { source: "everyday-written", domain: "kettle", group: "everyday-kettle" },
      { source: "everyday-written", domain: "hotel", group: "everyday-hotel" },
      { source: "everyday-written", domain: "bank", group: "everyday-bank" },
    ];
    const domainOf = (r: Row) => (r.source === "everyday-written" ? (r.domain === "kettle" ? "kitchen" : null) : reviewDomain(r));
    const before = domainHeldOutFolds(rows, reviewDomain, 1)?.folds as number[];
    const scheme = domainHeldOutFolds([...rows, ...everyday], domainOf, 1);
    expect(scheme?.folds.slice(0, rows.length)).toEqual(before);
    expect(scheme?.folds[rows.length]).toBe(scheme?.domains.indexOf("kitchen"));
    for (const fold of scheme?.folds ?? []) expect(fold).toBeGreaterThanOrEqual(0);
  });
});
