import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { feedbackGroup, feedbackRows, formatFeedbackFile, isHeldOutFeedback, parseFeedbackFile, readFeedbackData, type FeedbackRecord } from "./feedback-file.js";

const record = (text: string, label: FeedbackRecord["label"], caller = "apikey:a", updatedAt = "2026-12-01T10:00:00.000Z", modelVersion = "v1", agrees = false): FeedbackRecord => ({
  text, label, caller, updatedAt, modelVersion, agrees,
});

describe("feedback as training rows", () => {
  it("writes one row per text in the corpus format, kind feedback, with tabs and line breaks made spaces", () => {
    const { rows } = feedbackRows([record("Great\tkettle,\nboils fast", "POSITIVE")]);
    expect(rows).toEqual([{ source: "feedback", domain: "feedback", group: feedbackGroup("Great kettle, boils fast"), kind: "feedback", text: "Great kettle, boils fast", label: 1 }]);
    expect(formatFeedbackFile(rows).split("\n")[0]).toBe("source\tdomain\tgroup\tkind\ttext\tlabel");
  });

  it("gives a text labelled by several callers the majority's label, and leaves a tie out", () => {
    const { rows, provenance } = feedbackRows([
      record("The lid leaks", "NEGATIVE", "apikey:a"),
      record("the lid LEAKS", "NEGATIVE", "apikey:b"),
      record("The lid leaks", "POSITIVE", "apikey:c"),
      record("Fine, I guess", "POSITIVE", "apikey:a"),
      record("Fine, I guess", "NEGATIVE", "apikey:b"),
    ]);
    expect(rows.map((r) => [r.text, r.label])).toEqual([["The lid leaks", 0]]);
    expect(provenance).toMatchObject({ feedback: 5, rows: 1, tiedTexts: 1, callers: 3 });
  });

  it("writes the same bytes whatever order the feedback arrives in", () => {
    const records = [record("Loud fan", "NEGATIVE", "a", "2026-12-01T09:00:00Z"), record("Quiet and quick", "POSITIVE", "b", "2026-12-01T08:00:00Z"), record("LOUD FAN", "NEGATIVE", "c", "2026-12-01T07:00:00Z")];
    const one = formatFeedbackFile(feedbackRows(records).rows);
    expect(formatFeedbackFile(feedbackRows([...records].reverse()).rows)).toBe(one);
    expect(one).toContain("\tLOUD FAN\t0");
  });

  it("records the time range and each model version's agreement", () => {
    const { provenance } = feedbackRows([
      record("Works well", "POSITIVE", "a", "2026-12-01T09:00:00.000Z", "v2", true),
      record("Broke in a week", "NEGATIVE", "a", "2026-11-30T09:00:00.000Z", "v1", false),
      record("Broke twice", "NEGATIVE", "b", "2026-12-01T11:00:00.000Z", "v1", true),
    ]);
    expect(provenance).toMatchObject({ from: "2026-11-30T09:00:00.000Z", to: "2026-12-01T11:00:00.000Z", modelVersions: { v1: { feedback: 2, agreeing: 1 }, v2: { feedback: 1, agreeing: 1 } } });
    expect(Object.keys(provenance.modelVersions)).toEqual(["v1", "v2"]);
  });

  it("refuses a domain that is not a lower-case name, which the training data could not read back", () => {
    expect(() => feedbackRows([], "Hotels")).toThrow(/lower-case name/);
  });

  it("keeps the corpus format's six columns on every line", () => {
    const text = formatFeedbackFile(feedbackRows([record("Smells of plastic", "NEGATIVE")]).rows);
    expect(text.trimEnd().split("\n").map((line) => line.split("\t").length)).toEqual([6, 6]);
  });
});

describe("reading feedback for training", () => {
  const header = "source\tdomain\tgroup\tkind\ttext\tlabel\n";
  const line = (text: string, label: 0 | 1) => `feedback\thotels\t${feedbackGroup(text)}\tfeedback\t${text}\t${label}\n`;
  const texts = Array.from({ length: 50 }, (_, i) => `room ${i} was fine`);

  it("holds out by a hash of the text, so the same text is held out in every file and every run", () => {
    const dir = mkdtempSync(join(tmpdir(), "feedback-read-"));
    writeFileSync(join(dir, "a.tsv"), header + texts.map((t) => line(t, 1)).join(""));
    const data = readFeedbackData(dir);
    expect(data.heldOut.map((r) => r.text)).toEqual(texts.filter((t) => isHeldOutFeedback(t)));
    expect(data.train.length + data.heldOut.length).toBe(texts.length);
    expect(isHeldOutFeedback("ROOM 3 WAS FINE")).toBe(isHeldOutFeedback("room 3 was fine"));
  });

  it("reads a folder's .tsv files in name order and counts a text found twice once, with the first file's label", () => {
    const dir = mkdtempSync(join(tmpdir(), "feedback-read-"));
    writeFileSync(join(dir, "b.tsv"), header + line("Quiet room", 0) + line("Great view", 1));
    writeFileSync(join(dir, "a.tsv"), header + line("quiet room", 1));
    writeFileSync(join(dir, "notes.txt"), "not data");
    const data = readFeedbackData(dir);
    expect(Object.keys(data.files)).toEqual(["a.tsv", "b.tsv"]);
    expect([...data.train, ...data.heldOut].map((r) => [r.text, r.label]).sort()).toEqual([["Great view", 1], ["quiet room", 1]]);
    expect(data.files["b.tsv"]).toMatchObject({ rows: 2 });
  });

  it("refuses a row that is not feedback, naming file and line", () => {
    expect(() => parseFeedbackFile(`${header}movie-phrases\tfilm\ts-1\tphrase\tgood\t1\n`, "f.tsv")).toThrow("f.tsv:2: a feedback file holds source and kind");
  });
});
