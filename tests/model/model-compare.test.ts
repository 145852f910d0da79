// `npm run model:compare` as a process on real ONNX files: the committed model against itself
// passes every margin, on a user's own labelled file too, and --report writes the same table as a
// page; a model trained on a few hundred generated rows loses and is named; a margin given on the
// command line is the one applied; bad input gets the usage and status 2.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";
import { tinyFeedbackFile, tinyTrainingData } from "../support/tiny-training-data.js";

const ROOT = resolve(import.meta.dirname, "../..");
const COMMITTED = join(ROOT, "model/artifacts/sentiment.onnx");

const compare = (...args: string[]) => runCli("model/src/cli/compare.ts", args);

describe("npm run model:compare", () => {
  let tiny: string;
  let feedback: string;
  let tinyData: string;

  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), "tiny-model-"));
    feedback = tinyFeedbackFile(mkdtempSync(join(tmpdir(), "feedback-")));
    tinyData = tinyTrainingData();
    const trained = await runCli("model/src/cli/train.ts", ["--data", tinyData, "--out", out]);
    expect(trained.status).toBe(0);
    tiny = join(out, "sentiment.onnx");
  }, 120_000);

  it("passes the committed model against itself, printing every measure side by side, and writes the same table as a page", async () => {
    // A generous time margin: on a busy machine one model's rounds can be slowed more than the
    // other's; speed's own rule is exercised by the flag test below, which cannot race.
    const report = join(mkdtempSync(join(tmpdir(), "compare-report-")), "compare.html");
    const result = await compare(COMMITTED, COMMITTED, "--feedback", feedback, "--test-file", join(tinyData, "reviews-test.tsv"), "--max-slowdown", "10", "--report", report);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    for (const name of ["film test split: accuracy", "review test split: accuracy", "held-out feedback: accuracy", "reviews-test.tsv: accuracy", "behavioural suite: natural sentences", "behavioural suite: negation: failure rate", "time per text, batch 1", "time per text, batch 32"]) {
      expect(result.stdout).toMatch(new RegExp(`^\\| ${name}.* \\| ok \\|$`, "m"));
    }
    expect(result.stdout).not.toContain("LOSES");
    expect(result.stdout).toContain("the candidate passes");
    const page = readFileSync(report, "utf8");
    const rows = result.stdout.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| measure") && !l.startsWith("| ---"));
    expect(rows.length).toBeGreaterThan(8);
    for (const row of rows) expect(page).toContain(`<td>${row.split("|")[1]?.trim()}</td>`);
    expect(page).toContain("<strong>the candidate passes: it loses no more than the margins on any measure</strong>");
  });

  it("exits 1 for a worse candidate and names where it lost", async () => {
    const result = await compare(COMMITTED, tiny);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^\| film test split: accuracy .* \| LOSES \|$/m);
    expect(result.stdout).toMatch(/^the candidate loses beyond the margins on: .*film test split/m);
  });

  it("applies a margin given as a flag: no slowdown allowed at all fails even the same model on speed", async () => {
    const result = await compare(COMMITTED, COMMITTED, "--max-slowdown", "0.01");
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/the candidate loses beyond the margins on: time per text, batch 1 \(median of 5 rounds\); time per text, batch 32/);
  });

  it("answers a missing model, a file that is not a model and a bad margin with the reason and status 2", async () => {
    const one = await compare(COMMITTED);
    expect(one.status).toBe(2);
    expect(one.stderr).toContain("expected two models");
    const notModel = await compare(COMMITTED, join(ROOT, "package.json"));
    expect(notModel.status).toBe(2);
    expect(notModel.stderr).toContain(`onnxruntime cannot load ${join(ROOT, "package.json")}`);
    const margin = await compare(COMMITTED, COMMITTED, "--max-accuracy-loss", "5");
    expect(margin.status).toBe(2);
    expect(margin.stderr).toContain("--max-accuracy-loss must be a number from 0 to 1");
    const nowhere = join(tmpdir(), "no-such-folder-for-reports", "compare.html");
    const report = await compare(COMMITTED, COMMITTED, "--report", nowhere);
    expect(report.status).toBe(2);
    expect(report.stderr).toContain(`the folder ${join(tmpdir(), "no-such-folder-for-reports")} does not exist`);
    expect(existsSync(nowhere)).toBe(false);
  });

  it("refuses, before comparing, a model of another contract and a report path that is a folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "compare-refusals-"));
    // A same-length name keeps the graph valid: it loads, but has no "probabilities" output.
    const renamed = join(dir, "renamed.onnx");
    writeFileSync(renamed, Buffer.from(readFileSync(COMMITTED).toString("latin1").replaceAll("probabilities", "probabilitiez"), "latin1"));
    const other = await compare(COMMITTED, renamed);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain(`${renamed} is not a sentiment model of this project: it lacks probabilities`);
    const folder = await compare(COMMITTED, COMMITTED, "--report", dir);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toContain(`--report ${dir} is a folder`);
    expect(folder.stdout).toBe("");
  });
});
