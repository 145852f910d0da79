import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { behaviourMetricsSchema, CAPABILITIES } from "@sentiment/model/eval";

const ROOT = resolve(import.meta.dirname, "../..");
const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "model/eval/cli.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });

describe("the behavioural suite CLI on the committed model (onnxruntime-node)", () => {
  it("prints the failure rate of every capability and the natural-sentence accuracy", () => {
    const run = cli("--split", "test");
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("test split; model");
    expect(run.stdout).toContain("| capability | test types | cases | failures | failure rate |");
    for (const capability of CAPABILITIES) expect(run.stdout).toMatch(new RegExp(`^\\| ${capability} \\| .* \\| \\d+ \\| \\d+ \\| \\d+\\.\\d % \\|$`, "m"));
    expect(run.stdout).toMatch(/^natural sentences: accuracy 0\.\d{3} \(\d+\/240\)$/m);
  });

  it("prints the metrics.json block with --json", () => {
    const run = cli("--split", "dev", "--json");
    expect(run.status).toBe(0);
    const metrics = behaviourMetricsSchema.parse(JSON.parse(run.stdout));
    expect(metrics.split).toBe("dev");
    expect(Object.keys(metrics.capabilities)).toEqual([...CAPABILITIES]);
  });

  it("stops with exit code 2 and a message on an unknown split or a missing model", () => {
    const badSplit = cli("--split", "train");
    expect(badSplit.status).toBe(2);
    expect(badSplit.stderr).toContain('--split must be dev or test, not "train"');
    const missing = cli("--model", "/nonexistent/model.onnx");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("cannot read the model /nonexistent/model.onnx (ENOENT)");
  });
});
