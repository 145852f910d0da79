// What the committed model file offers, for suites whose behaviour needs one of its outputs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OUTPUT_WORD_CONTRIBUTIONS } from "@sentiment/model/contract";
import * as ort from "onnxruntime-node";
import { ROOT } from "../../scripts/stack.js";

/** Whether model/artifacts/sentiment.onnx has the word-contributions output explanations need. */
export async function committedModelExplains(): Promise<boolean> {
  const session = await ort.InferenceSession.create(readFileSync(join(ROOT, "model/artifacts/sentiment.onnx")));
  try {
    return session.outputNames.includes(OUTPUT_WORD_CONTRIBUTIONS);
  } finally {
    await session.release();
  }
}

/** A suite title that says why the suite is skipped while the model cannot explain. */
export function titleNeedingExplanations(title: string, explains: boolean): string {
  return explains ? title : `${title} — SKIPPED: model/artifacts/sentiment.onnx has no "${OUTPUT_WORD_CONTRIBUTIONS}" output yet`;
}
