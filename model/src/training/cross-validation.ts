// Cross-validation grouped by where a text comes from: phrases cut from one film sentence
// overlap heavily and one product's reviews share its vocabulary, so a fold that held some of a
// group while training on the rest would flatter the model.
import { shuffled } from "./random.js";

const ascending = <T extends number | string>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);

/** Assigns each distinct group to one of k folds, deterministically (seeded shuffle). */
export function groupedFolds<T extends number | string>(groups: T[], k: number, seed: number): number[] {
  const distinct = shuffled([...new Set(groups)].sort(ascending), seed);
  const foldOf = new Map(distinct.map((g, i) => [g, i % k]));
  return groups.map((g) => foldOf.get(g) as number);
}

/**
 * Folds that each hold out one review domain: every row `domainOf` gives a domain (a review, or an
 * everyday sentence about that domain's products) is scored by a model that saw no text of it, as
 * a user's text from a domain the data lacks would be. The other rows (film phrases, everyday
 * sentences of other topics) are spread over as many folds by group, each source on its own, so
 * that adding one source never moves another's rows. Null when the data has fewer than two domains
 * to hold out.
 */
export function domainHeldOutFolds<T extends { source: string; group: string }>(rows: T[], domainOf: (row: T) => string | null, seed: number): { folds: number[]; domains: string[] } | null {
  const domains = [...new Set(rows.flatMap((r) => domainOf(r) ?? []))].sort(ascending);
  if (domains.length < 2) return null;
  const folds = rows.map((r) => {
    const domain = domainOf(r);
    return domain === null ? -1 : domains.indexOf(domain);
  });
  for (const source of [...new Set(rows.filter((r) => domainOf(r) === null).map((r) => r.source))].sort(ascending)) {
    const spread = rows.flatMap((r, i) => (r.source === source && domainOf(r) === null ? [i] : []));
    const spreadFolds = groupedFolds(spread.map((i) => (rows[i] as T).group), domains.length, seed);
    spread.forEach((i, k) => (folds[i] = spreadFolds[k] as number));
  }
  return { folds, domains };
}
