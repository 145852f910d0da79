// Cross-validation grouped by sentence: phrases cut from one sentence overlap heavily, so a
// fold that held some of them while training on the others would flatter the model.
import { shuffled } from "./random.js";

/** Assigns each distinct group to one of k folds, deterministically (seeded shuffle). */
export function groupedFolds(groups: number[], k: number, seed: number): number[] {
  const distinct = shuffled([...new Set(groups)].sort((a, b) => a - b), seed);
  const foldOf = new Map(distinct.map((g, i) => [g, i % k]));
  return groups.map((g) => foldOf.get(g) as number);
}
