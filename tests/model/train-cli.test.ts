import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";
import { tinyTrainingData } from "../support/tiny-training-data.js";

const ROOT = resolve(import.meta.dirname, "../..");

// any: the test reads the written JSON field by field, as a user of the files would.
const json = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, any>;
const dataRows = (path: string) => readFileSync(path, "utf8").trimEnd().split("\n").slice(1).map((l) => l.split("\t"));

describe("npm run train", () => {
  it("stops at a malformed file, naming file and line, and writes nothing", () => {
    const data = mkdtempSync(join(tmpdir(), "phrases-"));
    const out = mkdtempSync(join(tmpdir(), "artifacts-"));
    const header = "source\tdomain\tgroup\tkind\ttext\tlabel\n";
    const row = (text: string, label: string) => `movie-phrases\tfilm\tsentence-1\tphrase\t${text}\t${label}\n`;
    writeFileSync(join(data, "film-phrases-train.tsv"), `${header}${row("good", "1")}${row("bad", "negative")}`);
    for (const name of ["film-phrases-test.tsv", "reviews-train.tsv", "reviews-test.tsv"]) writeFileSync(join(data, name), `${header}${row("fine", "1")}`);
    const run = spawnSync(process.execPath, ["--import", "tsx", "model/src/cli/train.ts", "--data", data, "--out", out], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${join(data, "film-phrases-train.tsv")}:3: label must be 0 or 1`);
    expect(readdirSync(out)).toEqual([]);
  });

  it("with --quick --without-domain, leaves the domain's training rows out, keeps its test rows, and records both choices", async () => {
    const data = tinyTrainingData();
    const out = mkdtempSync(join(tmpdir(), "without-domain-"));
    const run = await runCli("model/src/cli/train.ts", ["--data", data, "--out", out, "--quick", "--without-domain", "kitchen"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const trainRows = dataRows(join(data, "film-phrases-train.tsv")).length + dataRows(join(data, "reviews-train.tsv")).length;
    const kitchenRows = dataRows(join(data, "reviews-train.tsv")).filter((r) => r[1] === "kitchen").length;
    expect(kitchenRows).toBeGreaterThan(0);
    const metrics = json(out, "metrics.json");
    expect(metrics.calibration.rows).toBe(trainRows - kitchenRows);
    expect(metrics.reviewTest.byDomain.kitchen.count).toBe(dataRows(join(data, "reviews-test.tsv")).filter((r) => r[1] === "kitchen").length);
    expect(metrics.leaveOneDomainOut).toEqual([]);
    expect(json(out, "manifest.json").parameters).toMatchObject({ withoutDomains: ["kitchen"], folds: 2, kindWeights: { sentence: 0 }, kindWeightGrid: [{ phrase: 1, title: 1, sentence: 0 }] });
  }, 120_000);

  it("refuses --without-domain naming no review domain, or every one, and writes nothing", async () => {
    const out = mkdtempSync(join(tmpdir(), "without-domain-refused-"));
    const unknown = await runCli("model/src/cli/train.ts", ["--out", out, "--without-domain", "hotels"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--without-domain must name a review domain (books, dvd, electronics, kitchen), found "hotels"');
    const all = await runCli("model/src/cli/train.ts", ["--out", out, ...["books", "dvd", "electronics", "kitchen"].flatMap((d) => ["--without-domain", d])]);
    expect(all.status).toBe(2);
    expect(all.stderr).toContain("cannot leave out every review domain");
    expect(readdirSync(out)).toEqual([]);
  });

  it("refuses to write a --quick or --without-domain model over the committed one, and bad options, with exit status 2 and no stack", async () => {
    const committed = statSync(join(ROOT, "model/artifacts/sentiment.onnx")).mtimeMs;
    for (const [args, message] of [
      [["--quick"], "--quick writes a model for trials, not the committed one: give --out DIR"],
      [["--without-domain", "kitchen"], "--without-domain writes a model for trials, not the committed one: give --out DIR"],
      [["--bogus"], "Unknown option '--bogus'"],
      [["--without-domain"], "argument missing"],
      [["--stage", "bogus"], '--stage must be prepare or all, found "bogus"'],
    ] as const) {
      const run = await runCli("model/src/cli/train.ts", [...args]);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(statSync(join(ROOT, "model/artifacts/sentiment.onnx")).mtimeMs).toBe(committed);
  });
});
