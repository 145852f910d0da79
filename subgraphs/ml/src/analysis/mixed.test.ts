import { describe, expect, it } from "vitest";
import { CONFIDENT_NEGATIVE, CONFIDENT_POSITIVE, isMixed } from "./mixed.js";

describe("the mixed flag", () => {
  it("is set by one confidently positive and one confidently negative sentence", () => {
    expect(isMixed([0.008, 0.982])).toBe(true);
  });

  it("counts the thresholds themselves as confident", () => {
    expect(isMixed([CONFIDENT_POSITIVE, CONFIDENT_NEGATIVE])).toBe(true);
  });

  it("is not set when the opposite sentence is short of confident", () => {
    expect(isMixed([0.95, 0.12])).toBe(false);
    expect(isMixed([0.88, 0.02])).toBe(false);
  });

  it("is not set by sentences that all lean the same way", () => {
    expect(isMixed([0.99, 0.97, 0.6])).toBe(false);
  });

  it("is not set for a text of one sentence or none", () => {
    expect(isMixed([0.99])).toBe(false);
    expect(isMixed([])).toBe(false);
  });
});
