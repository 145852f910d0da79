import { describe, expect, it } from "vitest";
import { characterCount, describeWeight, layout, tintStrength } from "./segments.js";

describe("the text as the page draws it", () => {
  const text = "Café 😍 was great. The crème brûlée was awful.";
  const first = { start: 0, end: 18, positiveProbability: 0.97 };
  const second = { start: 19, end: text.length, positiveProbability: 0.04 };
  const awful = text.indexOf("awful");

  it("keeps every character once, in order, with the gap between sentences", () => {
    const blocks = layout(text, [first, second], [{ start: awful, end: awful + 5, weight: -2.7 }]);
    const drawn = blocks.map((b) => (b.kind === "gap" ? b.text : b.pieces.map((p) => p.text).join(""))).join("");
    expect(drawn).toBe(text);
    expect(blocks.map((b) => b.kind)).toEqual(["sentence", "gap", "sentence"]);
  });

  it("places a word at the API's UTF-16 offsets, after an emoji and accents", () => {
    const blocks = layout(text, [first, second], [{ start: awful, end: awful + 5, weight: -2.7 }]);
    const sentence = blocks[2];
    const word = sentence?.kind === "sentence" ? sentence.pieces.find((p) => p.kind === "word") : undefined;
    expect(word).toMatchObject({ text: "awful", start: awful, end: awful + 5, rank: 0 });
  });

  it("drops a word outside the text or overlapping a stronger one", () => {
    const blocks = layout("Good food.", [{ start: 0, end: 10, positiveProbability: 0.9 }], [
      { start: 0, end: 4, weight: 2 },
      { start: 2, end: 6, weight: 1 },
      { start: 8, end: 40, weight: 1 },
    ]);
    const words = blocks.flatMap((b) => (b.kind === "sentence" ? b.pieces.filter((p) => p.kind === "word") : []));
    expect(words.map((w) => w.text)).toEqual(["Good"]);
  });

  it("says a weight in plain words", () => {
    expect(describeWeight(-2.71)).toBe("pushed towards negative by 2.7");
    expect(describeWeight(0.44)).toBe("pushed towards positive by 0.4");
  });

  it("tints nothing at 0.5 and fully at either end", () => {
    expect(tintStrength(0.5)).toBe(0);
    expect(tintStrength(0)).toBe(1);
    expect(tintStrength(1)).toBe(1);
  });

  it("counts characters as the API does: code points, not UTF-16 units, without edge spaces", () => {
    expect(characterCount("  😍é  ")).toBe(2);
  });
});
