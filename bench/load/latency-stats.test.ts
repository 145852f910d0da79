import { describe, expect, it } from "vitest";
import { percentile, summarize } from "./latency-stats.js";

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe("latency percentiles", () => {
  it("take the nearest rank: p50 of 1..100 is 50, p99 is 99", () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 99)).toBe(99);
  });

  it("give the largest value as p100", () => {
    expect(percentile(oneToHundred, 100)).toBe(100);
  });

  it("never interpolate between two measured values", () => {
    expect(percentile([10, 20], 50)).toBe(10);
    expect(percentile([10, 20], 51)).toBe(20);
  });

  it("are not a number when nothing was measured", () => {
    expect(percentile([], 50)).toBeNaN();
  });

  it("refuse a percentile outside (0, 100]", () => {
    expect(() => percentile(oneToHundred, 0)).toThrow(/outside/);
  });

  it("summarize unsorted latencies, numerically sorted", () => {
    expect(summarize([9, 100, 2, 30])).toEqual({ count: 4, p50: 9, p99: 100, max: 100 });
  });
});
