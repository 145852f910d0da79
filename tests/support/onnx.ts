import * as ort from "onnxruntime-node";

export async function onnxPositiveProbabilities(model: Uint8Array, texts: string[]): Promise<{ positive: number[]; labels: number[] }> {
  const session = await ort.InferenceSession.create(model);
  const output = await session.run({ text: new ort.Tensor("string", texts, [texts.length]) });
  const probabilities = output.probabilities?.data as Float32Array;
  const labels = Array.from(output.label?.data as BigInt64Array, Number);
  await session.release();
  return { positive: texts.map((_, i) => probabilities[2 * i + 1] as number), labels };
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
  "",
  "a",
];
