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
 * Folds that each hold out one review domain: every review is scored by a model that saw no text
 * of its domain, as a user's text from a domain the data lacks would be. The rows `spread` picks
 * (the film phrases) are spread over as many folds by group. Null when the data has fewer than
 * two domains to hold out.
 */
export function domainHeldOutFolds<T extends { domain: string; group: string }>(rows: T[], spread: (row: T) => boolean, seed: number): { folds: number[]; domains: string[] } | null {
  const domains = [...new Set(rows.filter((r) => !spread(r)).map((r) => r.domain))].sort(ascending);
  if (domains.length < 2) return null;
  const spreadIndices = rows.flatMap((r, i) => (spread(r) ? [i] : []));
  const spreadFolds = groupedFolds(spreadIndices.map((i) => (rows[i] as T).group), domains.length, seed);
  const folds = rows.map((r) => domains.indexOf(r.domain));
  spreadIndices.forEach((i, k) => (folds[i] = spreadFolds[k] as number));
  return { folds, domains };
}
