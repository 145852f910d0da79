import { describe, expect, it } from "vitest";
import { floorSlope, medianSlope } from "./heap-trend.js";

const line = (slope: number, n = 40): Array<[number, number]> => Array.from({ length: n }, (_, i) => [i * 100, 50 + slope * i * 100]);
/** A bounded structure that fills over `period` samples and is emptied: level on the whole. */
const sawtooth = (n = 40, period = 4): Array<[number, number]> => Array.from({ length: n }, (_, i) => [i * 100, 50 + (i % period) * 0.3]);

describe("the slope of a series", () => {
  it("is the line's slope for a straight line, by either estimate", () => {
    expect(medianSlope(line(0.001))).toBeCloseTo(0.001, 9);
    expect(floorSlope(line(0.001))).toBeCloseTo(0.001, 9);
  });

  it("of a level sawtooth is level by its floor", () => {
    expect(floorSlope(sawtooth())).toBe(0);
  });

  it("of a sawtooth cut short on a rising edge is still level by its floor, where Theil–Sen reads growth", () => {
    const cutShort = sawtooth(40, 16);
    expect(medianSlope(cutShort)).toBeGreaterThan(0);
    expect(floorSlope(cutShort, 2)).toBe(0);
  });

  it("of a sawtooth on a rising floor is the floor's slope", () => {
    const rising = sawtooth().map(([x, y]) => [x, y + x * 0.0005] as [number, number]);
    expect(floorSlope(rising)).toBeCloseTo(0.0005, 6);
  });

  it("falls back to Theil–Sen when there are too few samples for windows", () => {
    expect(floorSlope(line(0.002, 6))).toBeCloseTo(0.002, 9);
  });
});
