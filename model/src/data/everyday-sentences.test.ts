import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatCorpus, type CorpusRow } from "./corpus.js";
import { EVERYDAY_SENTENCES_FILE, EVERYDAY_SOURCE, EVERYDAY_TOPIC_DOMAINS, readEverydaySentences, reviewDomainOf } from "./everyday-sentences.js";
import { REVIEW_DOMAINS } from "./prepare-data.js";

const row = (text: string, kind: CorpusRow["kind"] = "everyday"): CorpusRow => ({ source: EVERYDAY_SOURCE, domain: "delivery", group: "everyday-delivery", kind, text, label: 1 });

function folderWith(rows: CorpusRow[] | null): string {
  const dir = mkdtempSync(join(tmpdir(), "everyday-"));
  if (rows) writeFileSync(join(dir, EVERYDAY_SENTENCES_FILE), formatCorpus(rows));
  return dir;
}

describe("the everyday sentences of a data folder", () => {
  it("are none when the folder has no everyday-sentences.tsv", () => {
    expect(readEverydaySentences(folderWith(null))).toBeNull();
  });

  it("are read with the file's bytes, so the manifest can record its sha256", () => {
    const read = readEverydaySentences(folderWith([row("Parcel came a day early."), row("Lovely driver.")]));
    expect(read?.rows.map((r) => r.text)).toEqual(["Parcel came a day early.", "Lovely driver."]);
    expect(read?.bytes.toString("utf8")).toContain("Parcel came a day early.");
  });

  it("refuse a row of another kind, naming its line, since every row trains at the everyday weight", () => {
    const dir = folderWith([row("Parcel came a day early."), row("The plot drags.", "sentence")]);
    expect(() => readEverydaySentences(dir)).toThrow(`${join(dir, EVERYDAY_SENTENCES_FILE)}:3: every row of ${EVERYDAY_SENTENCES_FILE} must be of kind "everyday", found "sentence"`);
  });
});

describe("the review domain a training row is about", () => {
  it("is a review's own domain", () => {
    expect(reviewDomainOf({ kind: "title", domain: "books" })).toBe("books");
    expect(reviewDomainOf({ kind: "sentence", domain: "kitchen" })).toBe("kitchen");
  });

  it("is the domain that sells an everyday sentence's topic, and none for other topics or film phrases", () => {
    expect(reviewDomainOf({ kind: "everyday", domain: "kettle" })).toBe("kitchen");
    expect(reviewDomainOf({ kind: "everyday", domain: "headphones" })).toBe("electronics");
    expect(reviewDomainOf({ kind: "everyday", domain: "plumber" })).toBeNull();
    expect(reviewDomainOf({ kind: "phrase", domain: "film" })).toBeNull();
  });

  it("names only review domains", () => {
    for (const domain of Object.values(EVERYDAY_TOPIC_DOMAINS)) expect(REVIEW_DOMAINS).toContain(domain);
  });
});
