// `npx tsx model/eval/cli.ts [--split dev|test] [--model path] [--dir-tolerance 0] [--detail] [--json]`: runs the
// behavioural suite against an ONNX model in onnxruntime-node and prints the failure rate of
// each capability and the accuracy on the hand-written sentences (or, with --json, the block
// for metrics.json); --detail adds each template's failure rate and failing examples.
// Exit 2 on a bad argument, a missing model or invalid suite data.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as ort from "onnxruntime-node";
import { DEFAULT_DIR_TOLERANCE, PredictionError, runSuite, SPLITS, SuiteDataError, type Split } from "./behaviour.js";
import { behaviourMetrics, renderMarkdown } from "./report.js";

class UsageError extends Error {}

async function main(): Promise<void> {
  let values: { split?: string; model?: string; "dir-tolerance"?: string; detail?: boolean; json?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        split: { type: "string", default: "test" },
        model: { type: "string", default: join(import.meta.dirname, "../artifacts/sentiment.onnx") },
        "dir-tolerance": { type: "string", default: String(DEFAULT_DIR_TOLERANCE) },
        detail: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const split = values.split as string;
  if (!(SPLITS as readonly string[]).includes(split)) throw new UsageError(`--split must be dev or test, not "${split}"`);
  const dirTolerance = Number(values["dir-tolerance"]);
  if (!(dirTolerance >= 0 && dirTolerance < 1)) throw new UsageError(`--dir-tolerance must be a number in [0, 1), not "${values["dir-tolerance"]}"`);
  const modelPath = resolve(values.model as string);
  let bytes: Buffer;
  try {
    bytes = readFileSync(modelPath);
  } catch (error) {
    throw new UsageError(`cannot read the model ${modelPath} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "all" });
  } catch (error) {
    throw new UsageError(`onnxruntime cannot load ${modelPath}: ${(error as Error).message}`);
  }
  const predict = async (texts: string[]): Promise<Float32Array> => {
    const output = await session.run({ text: new ort.Tensor("string", texts, [texts.length]) });
    const probabilities = output.probabilities;
    if (!probabilities || probabilities.dims.join(",") !== `${texts.length},2`) {
      throw new PredictionError(`the model must output "probabilities" of shape [${texts.length}, 2], got [${probabilities?.dims.join(", ") ?? "none"}]`);
    }
    const data = probabilities.data as Float32Array;
    return Float32Array.from(texts, (_, i) => data[2 * i + 1] as number);
  };
  try {
    const result = await runSuite(predict, split as Split, { dirTolerance });
    if (values.json) {
      console.log(JSON.stringify(behaviourMetrics(result), null, 2));
      return;
    }
    const sha = createHash("sha256").update(bytes).digest("hex");
    console.log(`behavioural suite, ${split} split; model ${modelPath} (sha256 ${sha.slice(0, 12)})\n`);
    console.log(renderMarkdown(result, values.detail));
  } finally {
    await session.release();
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof UsageError || error instanceof SuiteDataError || error instanceof PredictionError) {
    console.error(`behavioural suite: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
