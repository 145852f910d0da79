// The committed training data is what its README says it is: every file's sha256 and row count
// as recorded there (data:prepare writes both together), and every row well-formed.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DATA_FILES, EVERYDAY_SENTENCES_FILE, EVERYDAY_TOPIC_DOMAINS, EVERYDAY_TOPICS_WITHOUT_DOMAIN, readCorpusFile, renderDataReadme, REVIEW_DOMAINS, REVIEW_TEST_PERCENT, SENTENCE_WORDS, SOURCE_SHA256 } from "@sentiment/model";

const DATA = resolve(import.meta.dirname, "../../model/data");
const readme = readFileSync(join(DATA, "README.md"), "utf8");

function recordedDigest(name: string): string | undefined {
  const section = readme.slice(readme.indexOf("## sha256 of the files here"));
  return new RegExp(`^\\| ${name.replace(/\./g, "\\.")} \\| ([0-9a-f]{64}) \\|$`, "m").exec(section)?.[1];
}

const ALL_FILES = [...Object.values(DATA_FILES), EVERYDAY_SENTENCES_FILE];
/** Texts that differ only in case or end punctuation are one text. */
const key = (text: string) => text.toLowerCase().replace(/[.!?\s]+$/, "");

describe("the training data in model/data", () => {
  for (const name of ALL_FILES) {
    it(`${name} has the sha256 and row count its README records`, () => {
      const bytes = readFileSync(join(DATA, name));
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(recordedDigest(name));
      const rows = readCorpusFile(join(DATA, name)).rows.length;
      expect(readme).toContain(`| ${name} | ${rows.toLocaleString("en-US")} |`);
    });
  }

  it("keeps every review product on one side of the split and every text once", () => {
    const train = readCorpusFile(join(DATA, DATA_FILES.reviewsTrain)).rows;
    const test = readCorpusFile(join(DATA, DATA_FILES.reviewsTest)).rows;
    const trainGroups = new Set(train.map((r) => r.group));
    expect(test.filter((r) => trainGroups.has(r.group))).toEqual([]);
    const texts = [...train, ...test].map((r) => r.text.toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
    expect(new Set([...train, ...test].map((r) => r.domain))).toEqual(new Set(REVIEW_DOMAINS));
  });

  it("keeps the film phrases' published split (13,022 train, 3,256 test)", () => {
    expect(readCorpusFile(join(DATA, DATA_FILES.filmTrain)).rows.length).toBe(13022);
    expect(readCorpusFile(join(DATA, DATA_FILES.filmTest)).rows.length).toBe(3256);
  });

  it("stays small enough to keep in git: no file over 10 MB", () => {
    for (const name of ALL_FILES) expect(readFileSync(join(DATA, name)).length).toBeLessThan(10_000_000);
  });

  it("holds the everyday sentences as written: each of kind everyday, each text once, about as many positive as negative", () => {
    const rows = readCorpusFile(join(DATA, EVERYDAY_SENTENCES_FILE)).rows;
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(["everyday"]));
    expect(new Set(rows.map((r) => key(r.text))).size).toBe(rows.length);
    const positive = rows.filter((r) => r.label === 1).length / rows.length;
    expect(Math.abs(positive - 0.5)).toBeLessThan(0.02);
    for (const r of rows) expect(r.group).toBe(`everyday-${r.domain}`);
  });

  it("has the README data:prepare writes for these files, everyday sentences included", () => {
    const dropped = /dropped ([\d,]+) repeated and ([\d,]+) conflicting texts/.exec(readme);
    const files = Object.fromEntries(Object.values(DATA_FILES).map((name) => [name, readFileSync(join(DATA, name), "utf8")]));
    const rendered = renderDataReadme(
      { files, dropped: { repeated: Number(dropped?.[1]?.replace(/,/g, "")), conflicting: Number(dropped?.[2]?.replace(/,/g, "")) } },
      { sources: SOURCE_SHA256, testPercent: REVIEW_TEST_PERCENT, sentenceWords: SENTENCE_WORDS, everyday: readFileSync(join(DATA, EVERYDAY_SENTENCES_FILE), "utf8") },
    );
    expect(readme).toBe(rendered);
  });

  it("places every everyday topic either with the review domain that sells it or with none, and names no topic the file lacks", () => {
    const topics = new Set(readCorpusFile(join(DATA, EVERYDAY_SENTENCES_FILE)).rows.map((r) => r.domain));
    const mapped = Object.keys(EVERYDAY_TOPIC_DOMAINS);
    expect([...topics].filter((t) => mapped.includes(t) === EVERYDAY_TOPICS_WITHOUT_DOMAIN.has(t))).toEqual([]);
    expect([...mapped, ...EVERYDAY_TOPICS_WITHOUT_DOMAIN].filter((t) => !topics.has(t))).toEqual([]);
  });

  it("holds no everyday sentence that is also a film phrase or a review text, in either split", () => {
    const elsewhere = new Set(Object.values(DATA_FILES).flatMap((name) => readCorpusFile(join(DATA, name)).rows.map((r) => key(r.text))));
    expect(readCorpusFile(join(DATA, EVERYDAY_SENTENCES_FILE)).rows.filter((r) => elsewhere.has(key(r.text))).map((r) => r.text)).toEqual([]);
  });
});
