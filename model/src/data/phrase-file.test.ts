import { describe, expect, it } from "vitest";
import { DataFileError, parsePhraseFile } from "./phrase-file.js";

const HEADER = "phrase_id\tsentence_id\tphrase\tsentiment\tlabel";
const parse = (body: string) => parsePhraseFile(`${HEADER}\n${body}`, "train.tsv");

function errorOf(fn: () => unknown): DataFileError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DataFileError) return error;
    throw error;
  }
  throw new Error("expected a DataFileError");
}

describe("phrase file reader", () => {
  it("reads well-formed rows", () => {
    expect(parse("1\t10\ta fine film\t4\t1\n2\t10\tdull\t0\t0\n")).toEqual([
      { phraseId: 1, sentenceId: 10, text: "a fine film", label: 1 },
      { phraseId: 2, sentenceId: 10, text: "dull", label: 0 },
    ]);
  });

  it("names the file and line 1 for a wrong header", () => {
    const error = errorOf(() => parsePhraseFile("id\ttext\n1\tx\n", "test.tsv"));
    expect(error.message).toMatch(/^test\.tsv:1: expected the header/);
  });

  it("names the line of a bad label", () => {
    const error = errorOf(() => parse("1\t10\tgood\t4\t1\n2\t10\tbad\t0\t7\n"));
    expect(error.line).toBe(3);
    expect(error.message).toContain("label must be 0 or 1");
  });

  it("names the line of a row with a missing field", () => {
    expect(errorOf(() => parse("1\t10\tgood\t4\n")).message).toBe("train.tsv:2: expected 5 tab-separated fields, found 4");
  });

  it("rejects a sentiment that contradicts the label", () => {
    expect(errorOf(() => parse("1\t10\tgood\t0\t1\n")).message).toContain("does not match label 1");
  });

  it("rejects non-numeric ids, empty phrases and duplicate ids", () => {
    expect(errorOf(() => parse("x\t10\tgood\t4\t1\n")).message).toContain("phrase_id");
    expect(errorOf(() => parse("1\t10\t  \t4\t1\n")).message).toContain("phrase is empty");
    expect(errorOf(() => parse("1\t10\tgood\t4\t1\n1\t11\tbad\t0\t0\n")).message).toContain("appears twice");
  });

  it("rejects a file with no rows", () => {
    expect(errorOf(() => parsePhraseFile(`${HEADER}\n`, "empty.tsv")).message).toContain("no rows");
  });
});
