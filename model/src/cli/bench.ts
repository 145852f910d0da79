// `npm run bench:model`: load time, time per text at batch 1, 32 and 256, and file size of
// the committed model, in onnxruntime-node on this machine.
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { INPUT_TEXT, OUTPUT_NAMES, OUTPUT_PROBABILITIES } from "../contract/index.js";
import { readOtherDomains } from "../pipeline.js";

const modelDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const modelPath = process.env.MODEL_PATH ?? join(modelDir, "artifacts/sentiment.onnx");
const dataDir = process.env.SENTIMENT_DATA_DIR ?? resolve(modelDir, "../../shared/data/movie-phrases");

function texts(): string[] {
  try {
    return readFileSync(join(dataDir, "test.tsv"), "utf8").split("\n").slice(1).filter(Boolean).map((l) => l.split("\t")[2] as string);
  } catch {
    return readOtherDomains(join(modelDir, "eval/other-domains.tsv")).map((o) => o.text);
  }
}

const corpus = texts();
const bytes = readFileSync(modelPath);
const loads: number[] = [];
let session!: ort.InferenceSession;
for (let i = 0; i < 5; i += 1) {
  const started = performance.now();
  session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "all" });
  loads.push(performance.now() - started);
  if (i < 4) await session.release();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

console.log(`model ${modelPath}`);
console.log(`size ${(statSync(modelPath).size / 1e6).toFixed(2)} MB; session load ${median(loads).toFixed(1)} ms (median of 5)`);
console.log(`texts: ${corpus.length}, mean length ${(corpus.reduce((s, t) => s + t.length, 0) / corpus.length).toFixed(0)} characters\n`);
// The service asks for the probabilities alone unless an explanation is selected.
const fetchSets: Array<[string, readonly string[]]> = [
  ["probabilities", [OUTPUT_PROBABILITIES]],
  ["all outputs (with word contributions)", OUTPUT_NAMES],
];
console.log("| outputs | batch | µs per call (median of 5 rounds) | µs per text |");
console.log("| --- | ---: | ---: | ---: |");
for (const [label, fetches] of fetchSets) {
  for (const batchSize of [1, 32, 256]) {
    const batches: string[][] = [];
    for (let start = 0; start + batchSize <= corpus.length && batches.length < 200; start += batchSize) batches.push(corpus.slice(start, start + batchSize));
    const feeds = batches.map((b) => ({ [INPUT_TEXT]: new ort.Tensor("string", b, [b.length]) }));
    for (const feed of feeds.slice(0, 20)) await session.run(feed, fetches);
    const rounds: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      const calls = batchSize === 1 ? 2000 : batchSize === 32 ? 200 : 40;
      const started = performance.now();
      for (let i = 0; i < calls; i += 1) await session.run(feeds[i % feeds.length] as Record<string, ort.Tensor>, fetches);
      rounds.push(((performance.now() - started) * 1000) / calls);
    }
    const perCall = median(rounds);
    console.log(`| ${label} | ${batchSize} | ${perCall.toFixed(1)} | ${(perCall / batchSize).toFixed(2)} |`);
  }
}
