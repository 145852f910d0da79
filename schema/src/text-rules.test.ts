import { describe, expect, it } from "vitest";
import { passesTextMinimum } from "./text-rules.js";

describe("the text minimum shared by the service and the page", () => {
  it("passes a short sentence of words", () => {
    expect(passesTextMinimum("Lovely.", 4)).toBe(true);
  });

  it("fails fewer visible characters than the minimum, however they are padded", () => {
    expect(passesTextMinimum("Ok.", 4)).toBe(false);
    expect(passesTextMinimum("O\u200bk\u2800.", 4)).toBe(false);
  });

  it("fails a sentence that is only a number", () => {
    expect(passesTextMinimum("123.", 4)).toBe(false);
    expect(passesTextMinimum("1,000", 4)).toBe(false);
  });
});
