// Cross-validation grouped by sentence: phrases cut from one sentence overlap heavily, so a
// fold that held some of them while training on the others would flatter the model.

/** Assigns each distinct group to one of k folds, deterministically (seeded shuffle). */
export function groupedFolds(groups: number[], k: number, seed: number): number[] {
  const distinct = [...new Set(groups)].sort((a, b) => a - b);
  let state = seed >>> 0;
  const random = () => {
    // mulberry32: small, deterministic, good enough to shuffle fold assignments
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = distinct.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [distinct[i], distinct[j]] = [distinct[j] as number, distinct[i] as number];
  }
  const foldOf = new Map(distinct.map((g, i) => [g, i % k]));
  return groups.map((g) => foldOf.get(g) as number);
}
