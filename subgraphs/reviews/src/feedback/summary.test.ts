import { describe, expect, it } from "vitest";
import { summarize } from "./summary.js";

describe("feedback summary", () => {
  it("has no agreement figure when there is no feedback", () => {
    expect(summarize([])).toEqual({ count: 0, agreement: null, byModelVersion: [] });
  });

  it("weighs each version by its number of rows in the overall agreement", () => {
    const summary = summarize([
      { modelVersion: "a", count: 3, agreeing: 3 },
      { modelVersion: "b", count: 1, agreeing: 0 },
    ]);
    expect(summary.count).toBe(4);
    expect(summary.agreement).toBe(0.75);
    expect(summary.byModelVersion).toEqual([
      { modelVersion: "a", count: 3, agreeing: 3, agreement: 1 },
      { modelVersion: "b", count: 1, agreeing: 0, agreement: 0 },
    ]);
  });
});
