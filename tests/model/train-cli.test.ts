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
    const header = "source\tdomain\tgroup\tkind\ttext\tlabel\n";
    const row = (text: string, label: string) => `movie-phrases\tfilm\tsentence-1\tphrase\t${text}\t${label}\n`;
    writeFileSync(join(data, "film-phrases-train.tsv"), `${header}${row("good", "1")}${row("bad", "negative")}`);
    for (const name of ["film-phrases-test.tsv", "reviews-train.tsv", "reviews-test.tsv"]) writeFileSync(join(data, name), `${header}${row("fine", "1")}`);
    const run = spawnSync(process.execPath, ["--import", "tsx", "model/src/cli/train.ts", "--data", data, "--out", out], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${join(data, "film-phrases-train.tsv")}:3: label must be 0 or 1`);
    expect(readdirSync(out)).toEqual([]);
  });
});
