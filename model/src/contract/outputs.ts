// Decoding the graph's output tensors into per-text values.
import { POSITIVE_COLUMN } from "./tensors.js";

/** The part of an output tensor this module reads (onnxruntime's Tensor satisfies it). */
export interface OutputTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}

export class ModelOutputError extends Error {
  override name = "ModelOutputError";
}

function floats(tensor: OutputTensor | undefined, name: string): Float32Array {
  if (!tensor || !(tensor.data instanceof Float32Array)) throw new ModelOutputError(`the model did not return the float32 output "${name}"`);
  return tensor.data;
}

/** P(positive) of each of `count` texts from the `probabilities` output. */
export function positiveProbabilities(probabilities: OutputTensor | undefined, count: number): Float32Array {
  const data = floats(probabilities, "probabilities");
  if (data.length !== count * 2) throw new ModelOutputError(`"probabilities" holds ${data.length} values for ${count} texts`);
  const positive = new Float32Array(count);
  for (let i = 0; i < count; i += 1) positive[i] = data[2 * i + POSITIVE_COLUMN] as number;
  return positive;
}

/** Each text's row of word contributions (a view, trimmed of nothing: padding is 0). */
export function contributionRows(contributions: OutputTensor | undefined, count: number): Float32Array[] {
  const data = floats(contributions, "word_contributions");
  const width = count === 0 ? 0 : data.length / count;
  if (!Number.isInteger(width)) throw new ModelOutputError(`"word_contributions" holds ${data.length} values for ${count} texts`);
  return Array.from({ length: count }, (_, i) => data.subarray(i * width, (i + 1) * width));
}
