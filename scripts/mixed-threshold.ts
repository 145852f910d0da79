// `npx tsx scripts/mixed-threshold.ts`: the figures behind Sentiment.mixed's threshold. For each
// candidate p it prints how many texts the committed model reads at P(positive) >= p or <= 1 - p
// ("confident"), how often those confident labels are right, and how many neutral, factual
// sentences (which the model never saw in training: the data holds only opinions) pass for
// confident opinions. Data: the film phrases' test split in model/data (SENTIMENT_DATA_DIR overrides).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { INPUT_TEXT, OUTPUT_PROBABILITIES, positiveProbabilities } from "@sentiment/model/contract";
import * as ort from "onnxruntime-node";
import { ROOT } from "./stack.js";

const DATA_DIR = process.env.SENTIMENT_DATA_DIR ?? resolve(ROOT, "model/data");
const CANDIDATES = [0.7, 0.8, 0.9, 0.95];

/** Statements of fact with no opinion in them, in the register of product and film reviews. */
const NEUTRAL = [
  "I went there on Tuesday.", "We ordered the pasta.", "The hotel is near the station.", "It has four wheels.",
  "My brother bought it last year.", "The film lasts two hours.", "The package arrived on Monday.", "I read the manual.",
  "There were three of us.", "The screen is 15 inches.", "We sat by the window.", "Then we went home.",
  "The box contains a charger and a cable.", "The restaurant opens at noon.", "I watched it with my sister.",
  "The book has twelve chapters.", "We booked the room online.", "The phone comes in black and white.",
  "The director also wrote the script.", "It was released in 2019.", "The store is on Main Street.", "I used it for a week.",
  "The menu changes every season.", "The battery is replaceable.", "She played the lead role.", "We paid by card.",
  "The shoes are made in Italy.", "The flight left at six.", "The show has three seasons.", "I ordered the large size.",
];

/** Labelled texts of a TSV file with a header naming a text column and a 0/1 `label` column. */
function labelled(path: string, textColumn: string): Array<{ text: string; label: number }> {
  const [header, ...rows] = readFileSync(path, "utf8").trimEnd().split("\n");
  const columns = (header ?? "").split("\t");
  const t = columns.indexOf(textColumn);
  const l = columns.indexOf("label");
  return rows.map((row) => {
    const cells = row.split("\t");
    return { text: cells[t] ?? "", label: Number(cells[l]) };
  });
}

const session = await ort.InferenceSession.create(readFileSync(resolve(ROOT, "model/artifacts/sentiment.onnx")), { intraOpNumThreads: 1 });
async function probabilities(texts: string[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < texts.length; i += 256) {
    const batch = texts.slice(i, i + 256);
    const result = await session.run({ [INPUT_TEXT]: new ort.Tensor("string", batch, [batch.length]) }, [OUTPUT_PROBABILITIES]);
    out.push(...positiveProbabilities(result[OUTPUT_PROBABILITIES], batch.length));
  }
  return out;
}

const percent = (part: number, whole: number) => (whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)} %`);
const sets = [
  { name: "held-out film phrases (film-phrases-test.tsv)", rows: labelled(resolve(DATA_DIR, "film-phrases-test.tsv"), "text") },
  // The dev split: a threshold is a choice, and choices are made on dev (model/eval/README.md).
  { name: "natural review sentences of other domains (the suite's dev split)", rows: labelled(resolve(ROOT, "model/eval/data/dev/natural.tsv"), "text") },
];
const scored = await Promise.all(sets.map(async (set) => ({ ...set, p: await probabilities(set.rows.map((r) => r.text)) })));
const neutral = await probabilities(NEUTRAL);

console.log(`| p | ${scored.map((s) => `${s.name}: confident | right`).join(" | ")} | neutral sentences confident (of ${NEUTRAL.length}) |`);
console.log(`| ---: | ${scored.map(() => "---: | ---:").join(" | ")} | ---: |`);
for (const p of CANDIDATES) {
  const cells = scored.map(({ rows, p: probs }) => {
    let confident = 0;
    let right = 0;
    probs.forEach((q, i) => {
      if (q < p && q > 1 - p) return;
      confident += 1;
      if ((q >= p ? 1 : 0) === rows[i]?.label) right += 1;
    });
    return `${percent(confident, rows.length)} | ${percent(right, confident)}`;
  });
  console.log(`| ${p} | ${cells.join(" | ")} | ${neutral.filter((q) => q >= p || q <= 1 - p).length} |`);
}
await session.release();
