// `npm run train -- --feedback FILE|DIR` on the smallest data the pipeline accepts: feedback
// trains at the weight asked for, a part chosen by a hash of each text is held out and reported
// apart, every data file is recorded by digest and row count, and the same inputs give the same bytes.
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isHeldOutFeedback } from "@sentiment/model";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";
import { tinyFeedbackFile, tinyTrainingData } from "../support/tiny-training-data.js";

const trainCli = (...args: string[]) => runCli("model/src/cli/train.ts", args);

// any: the test reads the written JSON field by field, as a user of the files would.
const json = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, any>;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("npm run train -- --feedback", () => {
  let data: string;
  let feedbackDir: string;
  let feedbackFile: string;
  let first: string;

  beforeAll(async () => {
    data = tinyTrainingData();
    feedbackDir = mkdtempSync(join(tmpdir(), "feedback-"));
    feedbackFile = tinyFeedbackFile(feedbackDir);
    first = mkdtempSync(join(tmpdir(), "with-feedback-"));
    const run = await trainCli("--data", data, "--out", first, "--feedback", feedbackDir, "--feedback-weight", "2");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 120_000);

  it("holds out the texts a hash picks, never trains on them, and reports them apart in metrics.json", () => {
    const texts = readFileSync(feedbackFile, "utf8").trimEnd().split("\n").slice(1).map((l) => l.split("\t")[4] as string);
    const heldOut = texts.filter((t) => isHeldOutFeedback(t));
    expect(heldOut.length).toBeGreaterThan(0);
    expect(heldOut.length).toBeLessThan(texts.length);
    const metrics = json(first, "metrics.json");
    expect(metrics.feedback).toMatchObject({ heldOutPercent: 20, trainRows: texts.length - heldOut.length, heldOut: { count: heldOut.length } });
    expect(Object.keys(metrics.feedback.byDomain)).toEqual(["hotels"]);
    expect(json(first, "manifest.json").metrics.heldOutFeedbackAccuracy).toBe(metrics.feedback.heldOut.accuracy);
  });

  it("records every data file, feedback included, by sha256 and row count in the manifest and metrics.json", () => {
    const entry = { sha256: sha256(readFileSync(feedbackFile)), rows: 80 };
    const manifest = json(first, "manifest.json");
    expect(manifest.data["feedback/hotels.tsv"]).toMatchObject(entry);
    expect(manifest.data["reviews-train.tsv"]).toMatchObject({ sha256: sha256(readFileSync(join(data, "reviews-train.tsv"))) });
    expect(json(first, "metrics.json").data["feedback/hotels.tsv"]).toMatchObject(entry);
    expect(manifest.parameters.feedbackWeight).toBe(2);
  });

  it("gives byte-identical files when trained again on the same inputs", async () => {
    const again = mkdtempSync(join(tmpdir(), "with-feedback-again-"));
    expect((await trainCli("--data", data, "--out", again, "--feedback", feedbackFile, "--feedback-weight", "2")).status).toBe(0);
    for (const file of ["sentiment.onnx", "manifest.json", "metrics.json"]) expect(readFileSync(join(again, file)).equals(readFileSync(join(first, file))), file).toBe(true);
  }, 120_000);

  it("without --feedback, records no feedback weight and no feedback figures, and the model differs", async () => {
    const plain = mkdtempSync(join(tmpdir(), "without-feedback-"));
    expect((await trainCli("--data", data, "--out", plain)).status).toBe(0);
    expect(json(plain, "manifest.json").parameters).not.toHaveProperty("feedbackWeight");
    expect(json(plain, "metrics.json")).not.toHaveProperty("feedback");
    expect(readFileSync(join(plain, "sentiment.onnx")).equals(readFileSync(join(first, "sentiment.onnx")))).toBe(false);
  }, 120_000);

  it("refuses a weight that is not above 0 and a malformed feedback file, naming it, and writes nothing", async () => {
    const out = mkdtempSync(join(tmpdir(), "refused-"));
    const weight = await trainCli("--data", data, "--out", out, "--feedback", feedbackFile, "--feedback-weight", "0");
    expect(weight.status).toBe(2);
    expect(weight.stderr).toMatch(/--feedback-weight must be a number above 0/);
    const bad = join(mkdtempSync(join(tmpdir(), "bad-feedback-")), "bad.tsv");
    writeFileSync(bad, "source\tdomain\tgroup\tkind\ttext\tlabel\nfeedback\thotels\tg1\tfeedback\tlovely stay\tyes\n");
    const malformed = await trainCli("--data", data, "--out", out, "--feedback", bad);
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain(`${bad}:2: label must be 0 or 1`);
    expect(readdirSync(out)).toEqual([]);
  });
});
