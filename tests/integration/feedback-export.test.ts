// `npm run feedback:export` against a real stack: feedback given through the gateway by two
// callers comes out as training rows (one per text, the majority's label) with a provenance
// file whose digest is the data file's; only an admin may export, and a refusal writes nothing.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKey } from "@sentiment/gateway/api-keys";
import { readFeedbackData } from "@sentiment/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SubmitFeedbackDocument } from "../../client/generated/graphql.js";
import { createClient } from "../../client/request.js";
import { ROOT, type Stack } from "../../scripts/stack.js";
import { startTestStack } from "../support/stack-fixture.js";
import { tinyTrainingData } from "../support/tiny-training-data.js";

function exportCli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/feedback-export.ts", ...args], { cwd: ROOT, env: { ...process.env, KEY: "" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

// 105 texts so the export pages past the API's limit of 100 per page.
const MANY = Array.from({ length: 105 }, (_, i) => `Kettle number ${i + 1} boiled quickly and quietly.`);

describe("npm run feedback:export", () => {
  let stack: Stack;
  let out: string;

  beforeAll(async () => {
    stack = await startTestStack({ FEEDBACK_MAX_PER_CALLER: "1000" });
    const a = createClient({ url: stack.gatewayUrl, apiKey: stack.keys.reader, persisted: true });
    const b = createClient({ url: stack.gatewayUrl, apiKey: createKey(stack.keysPath as string, "second-reader", "reader").key, persisted: true });
    const c = createClient({ url: stack.gatewayUrl, apiKey: createKey(stack.keysPath as string, "third-reader", "reader").key, persisted: true });
    for (const text of MANY) await a.request(SubmitFeedbackDocument, { input: { text, label: "POSITIVE" } });
    // Two of three callers call the lid's leak negative; two callers split evenly on the last text.
    await a.request(SubmitFeedbackDocument, { input: { text: "The lid leaks\tafter a week.", label: "NEGATIVE" } });
    await b.request(SubmitFeedbackDocument, { input: { text: "The lid leaks after a week.", label: "NEGATIVE" } });
    await c.request(SubmitFeedbackDocument, { input: { text: "The lid leaks after a week.", label: "POSITIVE" } });
    await a.request(SubmitFeedbackDocument, { input: { text: "Fine for the price, I suppose.", label: "POSITIVE" } });
    await b.request(SubmitFeedbackDocument, { input: { text: "Fine for the price, I suppose.", label: "NEGATIVE" } });
    out = join(mkdtempSync(join(tmpdir(), "feedback-export-")), "kitchen.tsv");
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("writes every feedback as training rows, one per text with the majority's label, and a tie left out", async () => {
    const run = await exportCli("--url", stack.gatewayUrl, "--key", stack.keys.admin, "--out", out, "--domain", "kitchen");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("source\tdomain\tgroup\tkind\ttext\tlabel");
    const rows = lines.slice(1).map((l) => l.split("\t"));
    expect(rows).toHaveLength(MANY.length + 1);
    expect(rows.every((r) => r.length === 6 && r[0] === "feedback" && r[1] === "kitchen" && r[3] === "feedback" && /^feedback-[0-9a-f]{16}$/.test(r[2] as string))).toBe(true);
    expect(rows.find((r) => r[4] === "The lid leaks after a week.")?.[5]).toBe("0");
    expect(rows.filter((r) => r[4]?.startsWith("Kettle number")).map((r) => r[5])).toEqual(MANY.map(() => "1"));
    expect(rows.some((r) => r[4]?.startsWith("Fine for the price"))).toBe(false);
    // What `npm run train -- --feedback` reads: the same rows, split into a part that trains and a held-out part.
    const forTraining = readFeedbackData(out);
    expect(forTraining.train.length + forTraining.heldOut.length).toBe(rows.length);
  });

  it("writes a provenance beside the file: its sha256, the counts, the time range and the model versions seen", async () => {
    const provenance = JSON.parse(readFileSync(`${out}.json`, "utf8")) as Record<string, unknown>;
    const total = MANY.length + 5;
    expect(provenance).toMatchObject({ file: "kitchen.tsv", feedback: total, feedbackAtStart: total, rows: MANY.length + 1, positive: MANY.length, tiedTexts: 1, callers: 3, domain: "kitchen" });
    expect(provenance.sha256).toBe(createHash("sha256").update(readFileSync(out)).digest("hex"));
    expect(Date.parse(provenance.from as string)).toBeLessThanOrEqual(Date.parse(provenance.to as string));
    const versions = provenance.modelVersions as Record<string, { feedback: number; agreeing: number }>;
    expect(Object.values(versions).reduce((n, v) => n + v.feedback, 0)).toBe(total);
  });

  it("trains: the model's manifest records the exported file by the digest its provenance gives", async () => {
    const models = mkdtempSync(join(tmpdir(), "feedback-model-"));
    const trained = await new Promise<number | null>((done) => {
      const child = spawn(process.execPath, ["--import", "tsx", "model/src/cli/train.ts", "--data", tinyTrainingData(), "--out", models, "--feedback", out], { cwd: ROOT, stdio: "ignore" });
      child.on("close", done);
    });
    expect(trained).toBe(0);
    const manifest = JSON.parse(readFileSync(join(models, "manifest.json"), "utf8")) as { data: Record<string, { sha256: string; rows: number }> };
    const provenance = JSON.parse(readFileSync(`${out}.json`, "utf8")) as { sha256: string; rows: number };
    expect(manifest.data["feedback/kitchen.tsv"]).toMatchObject({ sha256: provenance.sha256, rows: provenance.rows });
  }, 120_000);

  it("exports the same bytes again when nothing changed", async () => {
    const again = join(mkdtempSync(join(tmpdir(), "feedback-export-")), "again.tsv");
    expect((await exportCli("--url", stack.gatewayUrl, "--key", stack.keys.admin, "--out", again, "--domain", "kitchen")).status).toBe(0);
    expect(readFileSync(again)).toEqual(readFileSync(out));
  });

  it("is refused for a reader with the API's code, and writes nothing", async () => {
    const refused = join(mkdtempSync(join(tmpdir(), "feedback-export-")), "refused.tsv");
    const run = await exportCli("--url", stack.gatewayUrl, "--key", stack.keys.reader, "--out", refused);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/FORBIDDEN/);
    expect(existsSync(refused)).toBe(false);
    expect(existsSync(`${refused}.json`)).toBe(false);
  });

  it("says how to get a key when none is given, without a stack trace", async () => {
    const run = await exportCli("--url", stack.gatewayUrl);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no admin key: pass --key or set KEY/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
