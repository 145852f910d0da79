import { describe, expect, it } from "vitest";
import { domainHeldOutFolds } from "./cross-validation.js";

const rows = [
  ...Array.from({ length: 12 }, (_, i) => ({ domain: "film", group: `sentence-${i % 6}` })),
  ...["kitchen", "books", "dvd", "books", "kitchen", "dvd"].map((domain, i) => ({ domain, group: `${domain}-${i}` })),
];
const isFilm = (r: { domain: string }) => r.domain === "film";

describe("domain-held-out folds", () => {
  it("hold out one review domain per fold, in name order", () => {
    const scheme = domainHeldOutFolds(rows, isFilm, 1);
    expect(scheme?.domains).toEqual(["books", "dvd", "kitchen"]);
    rows.forEach((r, i) => {
      if (!isFilm(r)) expect(scheme?.folds[i]).toBe(scheme?.domains.indexOf(r.domain));
    });
  });

  it("spread the film phrases over every fold, a sentence's phrases in one", () => {
    const folds = domainHeldOutFolds(rows, isFilm, 1)?.folds as number[];
    const film = rows.flatMap((r, i) => (isFilm(r) ? [i] : []));
    expect(new Set(film.map((i) => folds[i]))).toEqual(new Set([0, 1, 2]));
    film.forEach((i) => film.forEach((j) => rows[i]?.group === rows[j]?.group && expect(folds[i]).toBe(folds[j])));
  });

  it("are null when there are fewer than two domains to hold out", () => {
    expect(domainHeldOutFolds(rows.filter((r) => isFilm(r) || r.domain === "books"), isFilm, 1)).toBeNull();
  });
});
