import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

describe("npm run train", () => {
  it("stops at a malformed file, naming file and line, and writes nothing", () => {
    const data = mkdtempSync(join(tmpdir(), "phrases-"));
    const out = mkdtempSync(join(tmpdir(), "artifacts-"));
    const header = "phrase_id\tsentence_id\tphrase\tsentiment\tlabel\n";
    writeFileSync(join(data, "train.tsv"), `${header}1\t1\tgood\t4\t1\n2\t1\tbad\t0\tnegative\n`);
    writeFileSync(join(data, "test.tsv"), `${header}3\t2\tfine\t4\t1\n`);
    const run = spawnSync(process.execPath, ["--import", "tsx", "model/src/cli/train.ts", "--data", data, "--out", out], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${join(data, "train.tsv")}:3: label must be 0 or 1`);
    expect(readdirSync(out)).toEqual([]);
  });
});
