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
