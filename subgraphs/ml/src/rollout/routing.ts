// Which loaded model answers whom: the rollout state the operators set (stored by the reviews
// service, see rollout-poller.ts), applied to the models this replica has loaded. Plain functions:
// every replica that sees the same state and the same models routes every caller the same way.

export const ROLLOUT_MODES = ["SHADOW", "CANARY", "SERVING", "RETIRED"] as const;
export type RolloutMode = (typeof ROLLOUT_MODES)[number];

/** One version's stored state; `share` is a percentage (0-100), read for SHADOW and CANARY only. */
export interface StoredRollout {
  version: string;
  mode: RolloutMode;
  share: number;
}

export interface Routing {
  /** the version that answers every caller outside the canaries' buckets */
  serving: string;
  /** each canary's range of caller buckets, in basis points [from, to), in version order */
  canaries: Array<{ version: string; from: number; to: number }>;
  /** each shadow version and the percentage of the serving model's texts it scores */
  shadows: Array<{ version: string; share: number }>;
}

/** The buckets callers are placed in: a share is placed to a hundredth of a percent. */
export const BUCKETS = 10_000;

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * The bucket of the caller numbered n (1, 2, 3… in the order callers first met a canary, kept by
 * the reviews service, so the same on every replica and after every restart): n times the golden
 * ratio, modulo 1, a low-discrepancy sequence. Consecutive numbers spread evenly over the buckets,
 * so a canary's share of callers is close to its setting even for few callers (any 50 consecutive
 * callers put between 4 and 6 in a 10 % canary), which a hash of each caller would not give (a
 * binomial spread: 5 ± 2 of 50). Canaries take buckets from 0 up, so raising a share keeps the
 * callers a canary had.
 */
export function bucketOfNumber(n: number): number {
  const fraction = (n * GOLDEN) % 1;
  return Math.min(Math.floor(fraction * BUCKETS), BUCKETS - 1);
}

/** The version that answers a caller in that bucket. */
export function versionForBucket(routing: Routing, bucket: number): string {
  for (const canary of routing.canaries) if (bucket >= canary.from && bucket < canary.to) return canary.version;
  return routing.serving;
}

/**
 * The routing that the stored state gives with the models loaded here. A version the state names
 * but this replica has not loaded (its file is missing or was refused) is left out, with a
 * problem to log: for the serving version, `currentServing` keeps serving instead.
 */
export function routingOf(stored: readonly StoredRollout[], loaded: ReadonlySet<string>, currentServing: string): { routing: Routing; problems: string[] } {
  const problems: string[] = [];
  const wanted = stored.find((s) => s.mode === "SERVING");
  let serving = currentServing;
  if (wanted && loaded.has(wanted.version)) serving = wanted.version;
  else if (wanted) problems.push(`version ${wanted.version} is to serve but is not loaded here; ${currentServing} keeps serving`);
  const routing: Routing = { serving, canaries: [], shadows: [] };
  let from = 0;
  const sorted = [...stored].sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  for (const entry of sorted) {
    if (entry.version === serving || (entry.mode !== "CANARY" && entry.mode !== "SHADOW")) continue;
    if (!loaded.has(entry.version)) {
      problems.push(`version ${entry.version} is set to ${entry.mode} but is not loaded here; it gets no texts`);
      continue;
    }
    if (entry.mode === "SHADOW") {
      if (entry.share > 0) routing.shadows.push({ version: entry.version, share: Math.min(entry.share, 100) });
      continue;
    }
    const width = Math.round((Math.min(Math.max(entry.share, 0), 100) * BUCKETS) / 100);
    const to = Math.min(from + width, BUCKETS);
    if (to > from) routing.canaries.push({ version: entry.version, from, to });
    from = to;
  }
  return { routing, problems };
}

/** The mode and share each loaded version has under a routing (for modelInfo and the metrics). */
export function modeOf(routing: Routing, version: string): { mode: RolloutMode; share: number } {
  const canaryShare = (c: { from: number; to: number }) => ((c.to - c.from) * 100) / BUCKETS;
  if (version === routing.serving) return { mode: "SERVING", share: 100 - routing.canaries.reduce((sum, c) => sum + canaryShare(c), 0) };
  const canary = routing.canaries.find((c) => c.version === version);
  if (canary) return { mode: "CANARY", share: canaryShare(canary) };
  const shadow = routing.shadows.find((s) => s.version === version);
  if (shadow) return { mode: "SHADOW", share: shadow.share };
  return { mode: "RETIRED", share: 0 };
}

/** One line per difference between two routings, for the log; empty when they route alike. */
export function routingChanges(before: Routing, after: Routing): string[] {
  const versions = new Set([before.serving, after.serving, ...before.canaries.map((c) => c.version), ...after.canaries.map((c) => c.version), ...before.shadows.map((s) => s.version), ...after.shadows.map((s) => s.version)]);
  const changes: string[] = [];
  for (const version of [...versions].sort()) {
    const a = modeOf(before, version);
    const b = modeOf(after, version);
    if (a.mode !== b.mode || a.share !== b.share) changes.push(`${version}: ${a.mode} ${a.share} % -> ${b.mode} ${b.share} %`);
  }
  return changes;
}
