import { describe, expect, it } from "vitest";
import { normaliseText, splitSentences, wordCount } from "./sentences.js";

describe("sentence splitting", () => {
  it("splits at sentence-final punctuation followed by a capital, and at line breaks", () => {
    expect(splitSentences("It works well. Setup took five minutes!\nWould buy again?  Yes.")).toEqual([
      "It works well.", "Setup took five minutes!", "Would buy again?", "Yes.",
    ]);
  });

  it("does not split after an abbreviation, an initial or a decimal point", () => {
    expect(splitSentences("Dr. Greene met J. Smith at 9.30 today. Then it rained.")).toEqual(["Dr. Greene met J. Smith at 9.30 today.", "Then it rained."]);
  });

  it("keeps closing quotes with their sentence", () => {
    expect(splitSentences('He said "never again." It broke.')).toEqual(['He said "never again."', "It broke."]);
  });
});

describe("normalisation", () => {
  it("folds typographic quotes and dashes and collapses white space", () => {
    expect(normaliseText("  it\u2019s \u201cfine\u201d\u2014really\t ok\u2026 ")).toBe('it\'s "fine" - really ok...');
  });

  it("counts words with their clitics as one", () => {
    expect(wordCount("I don't like it, 2 stars")).toBe(6);
  });
});
