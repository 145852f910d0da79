import { describe, expect, it } from "vitest";
import { BUCKETS, bucketOfNumber, canaryOffset, modeOf, routingChanges, routingOf, versionForBucket, type StoredRollout } from "./routing.js";

const loaded = new Set(["a", "b", "c"]);

/** The version each of the first `callers` caller numbers meets under a stored state (a serving). */
const versionsOfCallers = (stored: StoredRollout[], callers = 2_000, versions = loaded) => {
  const { routing } = routingOf(stored, versions, "a");
  return Array.from({ length: callers }, (_, i) => versionForBucket(routing, bucketOfNumber(i + 1)));
};

describe("routing from the stored rollout state", () => {
  it("serves MODEL_PATH's version while the state names none", () => {
    const { routing, problems } = routingOf([], loaded, "a");
    expect(routing).toEqual({ serving: "a", canaries: [], shadows: [] });
    expect(problems).toEqual([]);
  });

  it("serves the state's serving version when it is loaded", () => {
    expect(routingOf([{ version: "b", mode: "SERVING", share: 100 }], loaded, "a").routing.serving).toBe("b");
  });

  it("keeps the current serving version when the state's is not loaded here, and says so", () => {
    const { routing, problems } = routingOf([{ version: "z", mode: "SERVING", share: 100 }], loaded, "a");
    expect(routing.serving).toBe("a");
    expect(problems).toEqual(["version z is to serve but is not loaded here; a keeps serving"]);
  });

  it("gives each canary a placement of its own: its share of buckets from an offset its version name sets", () => {
    const stored: StoredRollout[] = [
      { version: "c", mode: "CANARY", share: 5 },
      { version: "b", mode: "CANARY", share: 10 },
    ];
    expect(routingOf(stored, loaded, "a").routing.canaries).toEqual([
      { version: "b", offset: canaryOffset("b"), width: 1_000 },
      { version: "c", offset: canaryOffset("c"), width: 500 },
    ]);
    expect(canaryOffset("b")).not.toBe(canaryOffset("c"));
  });

  it("answers a bucket by the canary whose placement holds it, around the ring, else by the serving version", () => {
    const { routing } = routingOf([{ version: "b", mode: "CANARY", share: 10 }], loaded, "a");
    const start = canaryOffset("b");
    expect(versionForBucket(routing, start)).toBe("b");
    expect(versionForBucket(routing, (start + 999) % BUCKETS)).toBe("b");
    expect(versionForBucket(routing, (start + 1_000) % BUCKETS)).toBe("a");
    expect(versionForBucket(routing, (start + BUCKETS - 1) % BUCKETS)).toBe("a");
  });

  it("answers a bucket two placements hold by the canary it lies nearer the start of", () => {
    const routing = { serving: "a", canaries: [{ version: "b", offset: 100, width: 1_000 }, { version: "c", offset: 600, width: 1_000 }], shadows: [] };
    expect(versionForBucket(routing, 599)).toBe("b");
    expect(versionForBucket(routing, 850)).toBe("c");
    expect(versionForBucket(routing, 1_500)).toBe("c");
  });

  it("keeps a canary's callers on it when another canary is set, changed or retired, except where that one's placement meets its own", () => {
    // One sorts before the canary whose callers are watched, one after.
    const versions = new Set(["a", "lr-2f1c", "lr-9e07", "lr-0b3d"]);
    const before = versionsOfCallers([{ version: "lr-2f1c", mode: "CANARY", share: 10 }], 2_000, versions);
    for (const other of [
      [{ version: "lr-9e07", mode: "CANARY", share: 10 }],
      [{ version: "lr-9e07", mode: "CANARY", share: 40 }],
      [{ version: "lr-0b3d", mode: "CANARY", share: 20 }],
      [{ version: "lr-9e07", mode: "CANARY", share: 5 }, { version: "lr-0b3d", mode: "CANARY", share: 3 }],
    ] as StoredRollout[][]) {
      const stored: StoredRollout[] = [{ version: "lr-2f1c", mode: "CANARY", share: 10 }, ...other];
      const { routing } = routingOf(stored, versions, "a");
      const after = versionsOfCallers(stored, 2_000, versions);
      for (let i = 0; i < before.length; i += 1) {
        if (before[i] !== "lr-2f1c") continue;
        const bucket = bucketOfNumber(i + 1);
        const insideAnother = routing.canaries.some((c) => c.version !== "lr-2f1c" && (bucket - c.offset + BUCKETS) % BUCKETS < c.width);
        if (!insideAnother) expect(after[i], `caller ${i + 1}`).toBe("lr-2f1c");
      }
    }
  });

  it("moves callers only on to or off a canary whose own share changes; raising it keeps every caller it had", () => {
    const versions = new Set(["a", "lr-2f1c", "lr-9e07"]);
    const at = (share: number) => versionsOfCallers([{ version: "lr-2f1c", mode: "CANARY", share: 10 }, { version: "lr-9e07", mode: "CANARY", share }], 2_000, versions);
    const low = at(5);
    const high = at(20);
    for (let i = 0; i < low.length; i += 1) {
      if (low[i] !== high[i]) expect([low[i], high[i]], `caller ${i + 1}`).toContain("lr-9e07");
      if (low[i] === "lr-9e07") expect(high[i], `caller ${i + 1}`).toBe("lr-9e07");
    }
  });

  it("lists shadows with their share, and leaves out a shadow at 0 % and versions not loaded", () => {
    const stored: StoredRollout[] = [
      { version: "b", mode: "SHADOW", share: 25 },
      { version: "c", mode: "SHADOW", share: 0 },
      { version: "z", mode: "CANARY", share: 10 },
    ];
    const { routing, problems } = routingOf(stored, loaded, "a");
    expect(routing.shadows).toEqual([{ version: "b", share: 25 }]);
    expect(routing.canaries).toEqual([]);
    expect(problems).toEqual(["version z is set to CANARY but is not loaded here; it gets no texts"]);
  });

  it("reports the share each canary answers, and the serving version the rest, adding up to 100", () => {
    const { routing } = routingOf([{ version: "b", mode: "CANARY", share: 15.9 }, { version: "c", mode: "CANARY", share: 0 }], loaded, "a");
    expect(modeOf(routing, "b")).toEqual({ mode: "CANARY", share: 15.9 });
    expect(modeOf(routing, "c")).toEqual({ mode: "CANARY", share: 0 });
    expect(modeOf(routing, "a")).toEqual({ mode: "SERVING", share: 84.1 });
  });

  it("reports each loaded version's mode and share: the serving one has what the canaries leave", () => {
    const { routing } = routingOf([{ version: "b", mode: "CANARY", share: 10 }], loaded, "a");
    expect(modeOf(routing, "a")).toEqual({ mode: "SERVING", share: 90 });
    expect(modeOf(routing, "b")).toEqual({ mode: "CANARY", share: 10 });
    expect(modeOf(routing, "c")).toEqual({ mode: "RETIRED", share: 0 });
  });

  it("names each version whose part changed, for the log", () => {
    const before = routingOf([], loaded, "a").routing;
    const after = routingOf([{ version: "b", mode: "SERVING", share: 100 }], loaded, "a").routing;
    expect(routingChanges(before, after)).toEqual(["a: SERVING 100 % -> RETIRED 0 %", "b: RETIRED 0 % -> SERVING 100 %"]);
    expect(routingChanges(after, after)).toEqual([]);
  });
});

describe("caller buckets", () => {
  it("puts any 50 consecutive caller numbers 10 ± 2 % in a 10 % canary, whatever its version name", () => {
    for (const version of ["b", "lr-4a1f9c03b2e7", "lr-nc-0de0a0000000", "candidate-2026-12", "v10"]) {
      const { routing } = routingOf([{ version, mode: "CANARY", share: 10 }], new Set(["a", version]), "a");
      for (let first = 1; first < 5_000; first += 1) {
        let inCanary = 0;
        for (let n = first; n < first + 50; n += 1) if (versionForBucket(routing, bucketOfNumber(n)) === version) inCanary += 1;
        expect(Math.abs(inCanary / 50 - 0.1), `${version}, callers ${first}-${first + 49}`).toBeLessThanOrEqual(0.02 + 1e-9);
      }
    }
  });

  it("keeps a caller's bucket the same for the same number, within the buckets", () => {
    expect(bucketOfNumber(123)).toBe(bucketOfNumber(123));
    expect(bucketOfNumber(123)).toBeGreaterThanOrEqual(0);
    expect(bucketOfNumber(123)).toBeLessThan(BUCKETS);
  });
});
