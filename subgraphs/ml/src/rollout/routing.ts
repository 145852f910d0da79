// Which loaded model answers whom: the rollout state the operators set (stored by the reviews
// service, see rollout-poller.ts), applied to the models this replica has loaded. Plain functions:
// every replica that sees the same state and the same models routes every caller the same way.

import type { RolloutMode } from "@sentiment/schema";

/** One version's stored state; `share` is a percentage (0-100), read for SHADOW and CANARY only. */
export interface StoredRollout {
  version: string;
  mode: RolloutMode;
  share: number;
}

export interface Routing {
  /** the version that answers every caller outside the canaries' buckets */
  serving: string;
  /** each canary's placement, in version order: the buckets [offset, offset + width) around the ring of BUCKETS (see versionForBucket) */
  canaries: Array<{ version: string; offset: number; width: number }>;
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
 * so any arc of the ring of buckets holds close to its share of callers even for few callers (any
 * 50 consecutive callers put 4 to 6 in an arc of 10 %, wherever it starts), which a hash of each
 * caller would not give (a binomial spread: 5 ± 2 of 50).
 */
export function bucketOfNumber(n: number): number {
  const fraction = (n * GOLDEN) % 1;
  return Math.min(Math.floor(fraction * BUCKETS), BUCKETS - 1);
}

/**
 * Where a canary's placement starts on the ring of buckets: a stable hash of its version name
 * (FNV-1a), the same on every replica, independent of every other version.
 */
export function canaryOffset(version: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < version.length; i += 1) {
    hash ^= version.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % BUCKETS;
}

/** How far into canary `c`'s placement the bucket lies: 0 at its start; inside it while below its width. */
const depthIn = (c: { offset: number }, bucket: number) => (bucket - c.offset + BUCKETS) % BUCKETS;

/**
 * The version that answers a caller in that bucket.
 *
 * Each canary V has a placement of its own: the arc of `width` buckets (its share, in hundredths
 * of a percent) that starts at canaryOffset(V). A caller in no placement gets the serving version;
 * in one, that canary; in several (the placements of two canaries can meet), the canary whose
 * placement it lies nearest the start of (the smallest depth; equal depths: the first version by
 * name). What that guarantees, for a caller whose number (so bucket) is fixed:
 *  - the same state gives the same version, on every replica and after every restart;
 *  - a change to one canary V (set, raised, lowered, retired, promoted) moves only callers inside
 *    V's placement before or after the change; every other caller keeps its version, whatever
 *    the other canaries are;
 *  - raising V keeps every caller V had; lowering V keeps those of its callers within the new
 *    width (the nearest its start), and the callers it lets go return to the serving version or
 *    to another canary whose placement holds them;
 *  - the one case where a caller of another canary W moves while W's share does not change: V is
 *    set or raised over a bucket of W's placement that lies nearer V's start than W's. Placements
 *    start at independent offsets, so that is about half the callers the two placements share,
 *    about s_V × s_W / 2 of all callers (10 % and 10 %: 0.5 %), and lowering or retiring V gives
 *    them back to W. No rule of the current shares alone can do better: keeping W's callers on W
 *    whichever of the two changed needs the history of the changes.
 */
export function versionForBucket(routing: Routing, bucket: number): string {
  let best: { version: string; depth: number } | null = null;
  for (const canary of routing.canaries) {
    const depth = depthIn(canary, bucket);
    if (depth < canary.width && (best === null || depth < best.depth)) best = { version: canary.version, depth };
  }
  return best?.version ?? routing.serving;
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
    // A canary at 0 % stays listed as one (it answers no caller): modelInfo says CANARY 0, as stored.
    routing.canaries.push({ version: entry.version, offset: canaryOffset(entry.version), width: Math.round((Math.min(Math.max(entry.share, 0), 100) * BUCKETS) / 100) });
  }
  return { routing, problems };
}

/** true when some callers are answered by a canary: only then does a caller's bucket matter */
export function hasCanaryCallers(routing: Routing): boolean {
  return routing.canaries.some((c) => c.width > 0);
}

/** The buckets each version answers under a routing (placements that meet share theirs out). */
const bucketsAnswered = new WeakMap<Routing, Map<string, number>>();
function answeredBuckets(routing: Routing): Map<string, number> {
  let counts = bucketsAnswered.get(routing);
  if (!counts) {
    counts = new Map();
    if (hasCanaryCallers(routing)) for (let bucket = 0; bucket < BUCKETS; bucket += 1) {
      const version = versionForBucket(routing, bucket);
      counts.set(version, (counts.get(version) ?? 0) + 1);
    } else counts.set(routing.serving, BUCKETS);
    bucketsAnswered.set(routing, counts);
  }
  return counts;
}

/**
 * The mode and share each loaded version has under a routing (for modelInfo and the metrics): the
 * share of callers each actually answers, in hundredths of a percent, so that the shares add up to
 * 100; a canary whose placement meets another's answers a little less than its setting.
 */
export function modeOf(routing: Routing, version: string): { mode: RolloutMode; share: number } {
  const answered = (v: string) => (answeredBuckets(routing).get(v) ?? 0) / (BUCKETS / 100);
  if (version === routing.serving) return { mode: "SERVING", share: answered(version) };
  const canary = routing.canaries.find((c) => c.version === version);
  if (canary) return { mode: "CANARY", share: answered(version) };
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
