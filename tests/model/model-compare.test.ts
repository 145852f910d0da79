// `npm run model:compare` as a process on real ONNX files: the committed model against itself
// passes every margin; a model trained on a few hundred generated rows loses and is named; a
// margin given on the command line is the one applied; bad input gets the usage and status 2.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tinyFeedbackFile, tinyTrainingData } from "../support/tiny-training-data.js";

const ROOT = resolve(import.meta.dirname, "../..");
const COMMITTED = join(ROOT, "model/artifacts/sentiment.onnx");

function run(script: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}
const compare = (...args: string[]) => run("model/src/cli/compare.ts", ...args);

describe("npm run model:compare", () => {
  let tiny: string;
  let feedback: string;

  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), "tiny-model-"));
    feedback = tinyFeedbackFile(mkdtempSync(join(tmpdir(), "feedback-")));
    const trained = await run("model/src/cli/train.ts", "--data", tinyTrainingData(), "--out", out);
    expect(trained.status).toBe(0);
    tiny = join(out, "sentiment.onnx");
  }, 120_000);

  it("passes the committed model against itself, printing every measure side by side", async () => {
    // A generous time margin: on a busy machine one model's rounds can be slowed more than the
    // other's; speed's own rule is exercised by the flag test below, which cannot race.
    const result = await compare(COMMITTED, COMMITTED, "--feedback", feedback, "--max-slowdown", "10");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    for (const name of ["film test split: accuracy", "review test split: accuracy", "held-out feedback: accuracy", "behavioural suite: natural sentences", "behavioural suite: negation: failure rate", "time per text, batch 1", "time per text, batch 32"]) {
      expect(result.stdout).toMatch(new RegExp(`^\\| ${name}.* \\| ok \\|$`, "m"));
    }
    expect(result.stdout).not.toContain("LOSES");
    expect(result.stdout).toContain("the candidate passes");
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
  });
});
