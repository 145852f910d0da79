import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sentenceSpans } from "./sentence-spans.js";

const sentences = (text: string) => sentenceSpans(text).map(({ start, end }) => text.slice(start, end));

describe("sentence spans", () => {
  it("splits two sentences and leaves out the space between them", () => {
    const text = "The food was cold and bland. The waiter was friendly and helpful.";
    expect(sentenceSpans(text)).toEqual([{ start: 0, end: 28 }, { start: 29, end: 65 }]);
  });

  it("gives a text of one sentence one span covering all of it", () => {
    expect(sentenceSpans("This is a must see.")).toEqual([{ start: 0, end: 19 }]);
  });

  it("counts offsets in UTF-16 units, so emoji with skin tones and flags slice exactly", () => {
    const text = "Great 👍🏽 staff 🇫🇷! Awful 😡 parking.";
    expect(sentences(text)).toEqual(["Great 👍🏽 staff 🇫🇷!", "Awful 😡 parking."]);
    expect(sentenceSpans(text)[1]?.start).toBe(text.indexOf("Awful"));
  });

  it("keeps combining marks with their letters", () => {
    const text = "Cafe\u0301 au lait was perfect. Service was slow.";
    expect(sentences(text)).toEqual(["Cafe\u0301 au lait was perfect.", "Service was slow."]);
  });

  it("breaks after CR LF and leaves the line break out of both sentences", () => {
    const text = "Loved the room\r\nHated the breakfast.\r\n\r\nWould return";
    expect(sentences(text)).toEqual(["Loved the room", "Hated the breakfast.", "Would return"]);
  });

  it("gives no span for white space alone", () => {
    expect(sentenceSpans(" \n\t ")).toEqual([]);
  });

  it("returns spans in order that never overlap and always slice to trimmed, non-empty text", () => {
    const piece = fc.constantFrom("Good.", "bad!", " ", "\r\n", "\n\n", "😀", "e\u0301", "Why?", "no", "…", "\u2028", "Mr.");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((parts) => parts.join("")), (text) => {
        let previousEnd = 0;
        for (const { start, end } of sentenceSpans(text)) {
          expect(start).toBeGreaterThanOrEqual(previousEnd);
          expect(end).toBeGreaterThan(start);
          const sentence = text.slice(start, end);
          expect(sentence).toBe(sentence.trim());
          expect(sentence.isWellFormed()).toBe(true);
          previousEnd = end;
        }
      }),
    );
  });
});
