import { describe, expect, it } from "vitest";
import { compareMeasures, DEFAULT_COMPARE_MARGINS, renderComparison, type Measure } from "./compare.js";

const accuracy = (current: number, candidate: number): Measure => ({ kind: "accuracy", name: "film test split", current, candidate, count: 10_000 });

describe("the rollout gate", () => {
  it("lets a candidate lose up to the accuracy margin and no more", () => {
    const [within, beyond] = compareMeasures([accuracy(0.9, 0.896), accuracy(0.9, 0.894)], DEFAULT_COMPARE_MARGINS);
    expect(within?.loses).toBe(false);
    expect(beyond?.loses).toBe(true);
  });

  it("counts a rise of a capability's failure rate beyond the margin as a loss, and a fall never", () => {
    const measures: Measure[] = [
      { kind: "failureRate", name: "negation", current: 0.1, candidate: 0.13, count: 1_000 },
      { kind: "failureRate", name: "contrast", current: 0.3, candidate: 0.0, count: 1_000 },
    ];
    expect(compareMeasures(measures, DEFAULT_COMPARE_MARGINS).map((r) => r.loses)).toEqual([true, false]);
  });

  it("does not count a loss of fewer than minTexts texts of a set, however many points they are", () => {
    const natural = (candidate: number): Measure => ({ kind: "accuracy", name: "natural sentences", current: 200 / 240, candidate, count: 240 });
    const rows = compareMeasures([natural(196 / 240), natural(195 / 240)], DEFAULT_COMPARE_MARGINS);
    expect(rows.map((r) => r.loses)).toEqual([false, true]);
    expect(renderComparison(rows.slice(0, 1), DEFAULT_COMPARE_MARGINS)).toContain("| −1.67 pt | 0.50 pt, 5+ texts | ok |");
  });

  it("counts the loss of a whole set smaller than minTexts", () => {
    const tiny = (candidate: number): Measure => ({ kind: "accuracy", name: "my five texts", current: 1, candidate, count: 5 });
    expect(compareMeasures([tiny(0), tiny(0.2)], DEFAULT_COMPARE_MARGINS).map((r) => r.loses)).toEqual([true, false]);
    const three: Measure = { kind: "accuracy", name: "three", current: 1, candidate: 0, count: 3 };
    expect(compareMeasures([three], DEFAULT_COMPARE_MARGINS)[0]?.loses).toBe(true);
  });

  it("lets minTexts 1 make every lost text beyond the stated margin count", () => {
    const tiny: Measure = { kind: "accuracy", name: "my five texts", current: 1, candidate: 0.8, count: 5 };
    expect(compareMeasures([tiny], { ...DEFAULT_COMPARE_MARGINS, minTexts: 1 })[0]?.loses).toBe(true);
  });

  it("counts a candidate slower than the allowed multiple of the current's time per text as a loss", () => {
    const rows = compareMeasures([{ kind: "timePerText", name: "batch 32", current: 10, candidate: 16 }], { ...DEFAULT_COMPARE_MARGINS, slowdown: 1.5 });
    expect(rows[0]).toMatchObject({ change: 1.6, loses: true });
  });

  it("passes a model compared with itself on every measure", () => {
    const same: Measure[] = [accuracy(0.8, 0.8), { kind: "failureRate", name: "x", current: 0.2, candidate: 0.2, count: 5 }, { kind: "timePerText", name: "t", current: 5, candidate: 5 }];
    expect(compareMeasures(same, DEFAULT_COMPARE_MARGINS).some((r) => r.loses)).toBe(false);
  });

  it("prints each measure's values, change, margin and verdict in one row", () => {
    const table = renderComparison(compareMeasures([accuracy(0.9, 0.8)], DEFAULT_COMPARE_MARGINS), DEFAULT_COMPARE_MARGINS);
    expect(table).toContain("| film test split: accuracy (10000) | 90.00 % | 80.00 % | −10.00 pt | 0.50 pt, 5+ texts | LOSES |");
  });
});
