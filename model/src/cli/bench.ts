// `npm run bench:model`: load time, time per text at batch 1, 32 and 256, and file size of the
// committed model, measured in one run beside a reference model (by default the file of commit
// a66eefb, read from git history; BENCH_REFERENCE=<commit> or BENCH_REFERENCE_PATH=<file> picks
// another, BENCH_REFERENCE=none none), in onnxruntime-node on this machine. The two sessions
// take turns round by round, so a busy machine slows both alike and the ratio holds.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { INPUT_TEXT, OUTPUT_NAMES, OUTPUT_PROBABILITIES } from "../contract/index.js";
import { readCorpusFile } from "../data/corpus.js";
import { DATA_FILES } from "../data/prepare-data.js";

const modelDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const modelPath = process.env.MODEL_PATH ?? join(modelDir, "artifacts/sentiment.onnx");
const dataDir = process.env.SENTIMENT_DATA_DIR ?? join(modelDir, "data");
const referenceCommit = process.env.BENCH_REFERENCE ?? "a66eefb";

interface Candidate {
  name: string;
  bytes: Uint8Array;
  session?: ort.InferenceSession;
  loadMs?: number;
}

function reference(): Candidate | null {
  if (process.env.BENCH_REFERENCE_PATH) return { name: process.env.BENCH_REFERENCE_PATH, bytes: readFileSync(process.env.BENCH_REFERENCE_PATH) };
  if (referenceCommit === "none") return null;
  try {
    const bytes = execFileSync("git", ["show", `${referenceCommit}:model/artifacts/sentiment.onnx`], { cwd: modelDir, maxBuffer: 1 << 30 });
    return { name: `model of commit ${referenceCommit}`, bytes };
  } catch {
    console.error(`(no reference: git cannot show ${referenceCommit}:model/artifacts/sentiment.onnx here; BENCH_REFERENCE_PATH names a file instead)`);
    return null;
  }
}

// The film phrases' test split: the texts every earlier figure of this benchmark was measured on.
const corpus = readCorpusFile(join(dataDir, DATA_FILES.filmTest)).rows.map((r) => r.text);
const candidates: Candidate[] = [{ name: `committed ${modelPath}`, bytes: readFileSync(modelPath) }];
const ref = reference();
if (ref) candidates.push(ref);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

for (const c of candidates) {
  const loads: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    const session = await ort.InferenceSession.create(c.bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "all" });
    loads.push(performance.now() - started);
    if (i < 4) await session.release();
    else c.session = session;
  }
  c.loadMs = median(loads);
  console.log(`${c.name}: ${(c.bytes.length / 1e6).toFixed(2)} MB; session load ${c.loadMs.toFixed(1)} ms (median of 5)`);
}
console.log(`texts: ${corpus.length}, mean length ${(corpus.reduce((s, t) => s + t.length, 0) / corpus.length).toFixed(0)} characters\n`);
// The service asks for the probabilities alone unless an explanation is selected.
const fetchSets: Array<[string, readonly string[]]> = [
  ["probabilities", [OUTPUT_PROBABILITIES]],
  ["all outputs (with word contributions)", OUTPUT_NAMES],
];
console.log(`| outputs | batch | ${candidates.map((c, i) => (i === 0 ? "committed µs per text" : "reference µs per text")).join(" | ")}${candidates.length > 1 ? " | ratio" : ""} |`);
console.log(`| --- | ---: | ${candidates.map(() => "---:").join(" | ")}${candidates.length > 1 ? " | ---:" : ""} |`);
for (const [label, fetches] of fetchSets) {
  for (const batchSize of [1, 32, 256]) {
    const batches: string[][] = [];
    for (let start = 0; start + batchSize <= corpus.length && batches.length < 200; start += batchSize) batches.push(corpus.slice(start, start + batchSize));
    const feeds = batches.map((b) => ({ [INPUT_TEXT]: new ort.Tensor("string", b, [b.length]) }));
    const calls = batchSize === 1 ? 2000 : batchSize === 32 ? 200 : 40;
    // A model without an output (the reference has no word contributions) is timed on the outputs it has.
    const own = (c: Candidate) => fetches.filter((name) => c.session?.outputNames.includes(name));
    for (const c of candidates) for (const feed of feeds.slice(0, 20)) await c.session?.run(feed, own(c));
    const rounds = candidates.map(() => [] as number[]);
    for (let round = 0; round < 7; round += 1) {
      for (const [k, c] of candidates.entries()) {
        const session = c.session as ort.InferenceSession;
        const names = own(c);
        const started = performance.now();
        for (let i = 0; i < calls; i += 1) await session.run(feeds[i % feeds.length] as Record<string, ort.Tensor>, names);
        rounds[k]?.push(((performance.now() - started) * 1000) / calls / batchSize);
      }
    }
    const perText = rounds.map(median);
    const ratio = perText.length > 1 ? ` | ${((perText[0] as number) / (perText[1] as number)).toFixed(2)}×` : "";
    console.log(`| ${label} | ${batchSize} | ${perText.map((v) => v.toFixed(2)).join(" | ")}${ratio} |`);
  }
}
for (const c of candidates) await c.session?.release();
