import * as ort from "onnxruntime-node";
import { contributionRows, INPUT_TEXT, OUTPUT_LABEL, OUTPUT_PROBABILITIES, OUTPUT_WORD_CONTRIBUTIONS, positiveProbabilities, toModelInput } from "@sentiment/model/contract";

export interface OnnxAnswers {
  positive: number[];
  labels: number[];
  /** each text's word contributions (0-padded to the batch's widest row) */
  contributions: Float32Array[];
}

export async function onnxPositiveProbabilities(model: Uint8Array, texts: string[]): Promise<OnnxAnswers> {
  const session = await ort.InferenceSession.create(model);
  const output = await session.run({ [INPUT_TEXT]: new ort.Tensor("string", texts.map(toModelInput), [texts.length]) });
  const positive = Array.from(positiveProbabilities(output[OUTPUT_PROBABILITIES], texts.length));
  const labels = Array.from(output[OUTPUT_LABEL]?.data as BigInt64Array, Number);
  const contributions = contributionRows(output[OUTPUT_WORD_CONTRIBUTIONS], texts.length).map((row) => row.slice());
  await session.release();
  return { positive, labels, contributions };
}

/** Inputs the graph must treat exactly as the training code does. */
export const EDGE_INPUTS = [
  "Ça a été une soirée magnifique, très émouvante",
  "naïve Über-Cliché façade",
  "😀😀😀 loved it 🎬",
  "!!! ??? ...",
  "...",
  "x".repeat(5000),
  "great ".repeat(800),
  "ThIs MoViE wAs NoT gOoD",
  "   leading and trailing spaces   ",
  "tabs\tand\nnewlines",
  "don’t waste your time",
  "don't waste your time",
  "ca n't recommend it enough",
  "İstanbul was not bad, although the ﬁle was huge",
  "日本語のレビュー: good",
  "not not good, yet fine; however it wasn't the worst",
  "",
  "a",
];
