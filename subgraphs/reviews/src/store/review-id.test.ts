import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isReviewId, newReviewId } from "./review-id.js";

describe("review ids", () => {
  it("accepts every id the stores make", () => {
    for (let i = 0; i < 1_000; i += 1) expect(isReviewId(newReviewId())).toBe(true);
  });

  it("accepts a lower-case UUID of any version", () => {
    fc.assert(fc.property(fc.uuid(), (uuid) => isReviewId(uuid.toLowerCase())));
  });

  it("refuses upper case, braces, missing dashes, surrounding text and SQL", () => {
    const id = "3f1c2b9e-8a4d-4e6f-9b1a-2c3d4e5f6a7b";
    for (const text of [id.toUpperCase(), `{${id}}`, id.replaceAll("-", ""), ` ${id}`, `${id}\n`, `${id}x`, id.slice(1), "", "'; DROP TABLE reviews; --", "00000000-0000-0000-0000-00000000000g"]) {
      expect(isReviewId(text), JSON.stringify(text)).toBe(false);
    }
  });
});
