import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REVIEW_MESSAGES, looksLikeNumber, validateReviewText } from "../../subgraphs/reviews/src/validation/review-text.js";

const rejected = (text: string) => {
  const result = validateReviewText(text);
  return result.ok ? null : result.message;
};

describe("review text rules", () => {
  it("rejects fewer than 4 characters after trimming", () => {
    expect(rejected("hi")).toBe(REVIEW_MESSAGES.tooShort);
    expect(rejected("   abc   ")).toBe(REVIEW_MESSAGES.tooShort);
    expect(rejected("")).toBe(REVIEW_MESSAGES.tooShort);
  });

  it("counts characters, not UTF-16 units", () => {
    expect(rejected("😀😀😀")).toBe(REVIEW_MESSAGES.tooShort);
    expect(rejected("😀😀😀😀")).toBeNull();
  });

  it("rejects more than 5000 characters", () => {
    expect(rejected("a".repeat(5001))).toBe(REVIEW_MESSAGES.tooLong);
    expect(rejected("a".repeat(5000))).toBeNull();
  });

  it("rejects a text that is only a number, in any common spelling", () => {
    for (const text of ["123458303", "-1234", "+1234", "12.50", "1e10", "1,000,000", "1 000 000", "  4242  ", "3.14159", "1_000", ".5e-3"]) {
      expect(rejected(text), text).toBe(REVIEW_MESSAGES.number);
    }
  });

  it("accepts text that merely contains numbers", () => {
    for (const text of ["10/10 would watch again", "2 hours of my life wasted", "Route 66 is fun", "1e10 stars"]) {
      expect(rejected(text), text).toBeNull();
    }
  });

  it("rejects control characters but allows tab and newline", () => {
    expect(rejected("good\u0000movie")).toBe(REVIEW_MESSAGES.control);
    expect(rejected("good\u001bmovie")).toBe(REVIEW_MESSAGES.control);
    expect(rejected("good\tmovie\nreally")).toBeNull();
    expect(rejected("good movie\r\nreally")).toBeNull();
  });

  it("rejects lone UTF-16 surrogates", () => {
    expect(rejected("good \ud800 movie")).toBe(REVIEW_MESSAGES.unicode);
  });

  it("returns the trimmed text", () => {
    expect(validateReviewText("  a fine film \n")).toEqual({ ok: true, text: "a fine film" });
  });

  it("property: every integer, in any sign, is rejected as a number", () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (n) => {
      const text = n.toString();
      return rejected(text) === (text.replace("-", "").length + (text.startsWith("-") ? 1 : 0) < 4 ? REVIEW_MESSAGES.tooShort : REVIEW_MESSAGES.number);
    }));
  });

  it("property: every finite float with 4+ characters is rejected as a number", () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      const text = String(x);
      fc.pre(text.length >= 4);
      return looksLikeNumber(text) && rejected(text) === REVIEW_MESSAGES.number;
    }));
  });

  it("property: accepted texts are trimmed, 4-5000 characters and free of control characters", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (raw) => {
      const result = validateReviewText(raw);
      if (!result.ok) return true;
      const length = Array.from(result.text).length;
      return result.text === result.text.trim() && length >= 4 && length <= 5000 && !/[\u0000-\u0008\u000B-\u001F\u007F]/.test(result.text);
    }));
  });

  it("property: letters-only texts of 4+ characters are always accepted", () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z]{4,40}$/), (text) => validateReviewText(text).ok));
  });
});
