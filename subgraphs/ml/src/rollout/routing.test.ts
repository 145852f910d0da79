import { describe, expect, it } from "vitest";
import { BUCKETS, bucketOfNumber, modeOf, routingChanges, routingOf, versionForBucket, type StoredRollout } from "./routing.js";

const loaded = new Set(["a", "b", "c"]);

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

  it("gives canaries consecutive ranges of buckets from 0, in version order", () => {
    const stored: StoredRollout[] = [
      { version: "c", mode: "CANARY", share: 5 },
      { version: "b", mode: "CANARY", share: 10 },
    ];
    expect(routingOf(stored, loaded, "a").routing.canaries).toEqual([
      { version: "b", from: 0, to: 1_000 },
      { version: "c", from: 1_000, to: 1_500 },
    ]);
  });

  it("answers a bucket by the canary whose range holds it, else by the serving version", () => {
    const { routing } = routingOf([{ version: "b", mode: "CANARY", share: 10 }], loaded, "a");
    expect(versionForBucket(routing, 999)).toBe("b");
    expect(versionForBucket(routing, 1_000)).toBe("a");
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
  it("puts any 50 consecutive caller numbers 10 ± 2 % in a 10 % canary", () => {
    for (let first = 1; first < 5_000; first += 1) {
      let inCanary = 0;
      for (let n = first; n < first + 50; n += 1) if (bucketOfNumber(n) < BUCKETS / 10) inCanary += 1;
      expect(Math.abs(inCanary / 50 - 0.1)).toBeLessThanOrEqual(0.02 + 1e-9);
    }
  });

  it("keeps a caller's bucket the same for the same number, within the buckets", () => {
    expect(bucketOfNumber(123)).toBe(bucketOfNumber(123));
    expect(bucketOfNumber(123)).toBeGreaterThanOrEqual(0);
    expect(bucketOfNumber(123)).toBeLessThan(BUCKETS);
  });
});
