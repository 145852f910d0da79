// Loads the ONNX sentiment model and its manifest, and checks that they belong together.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as ort from "onnxruntime-node";
import { z } from "zod";

const manifestSchema = z.object({
  version: z.string(),
  artifact: z.object({ sha256: z.string() }),
  metrics: z.object({
    accuracy: z.number(),
    rocAuc: z.number(),
    logLoss: z.number(),
    expectedCalibrationError: z.number(),
    crossValidationAccuracy: z.number(),
  }),
});

export type ModelManifest = z.infer<typeof manifestSchema>;

export interface LoadedModel {
  version: string;
  sha256: string;
  metrics: ModelManifest["metrics"];
  loadedAt: string;
  /** positive-class probability of each text */
  predict(texts: string[]): Promise<Float32Array>;
  release(): Promise<void>;
}

export class ModelLoadError extends Error {
  override name = "ModelLoadError";
}

export async function loadModel(modelPath: string): Promise<LoadedModel> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(modelPath);
  } catch (error) {
    throw new ModelLoadError(`cannot read the model file MODEL_PATH=${modelPath} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const manifestPath = join(dirname(modelPath), "manifest.json");
  let manifest: ModelManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestPath, "utf8")));
  } catch (error) {
    throw new ModelLoadError(`cannot read the model manifest ${manifestPath} beside MODEL_PATH (${(error as Error).message.split("\n")[0]})`);
  }
  if (manifest.artifact.sha256 !== sha256) {
    throw new ModelLoadError(`the model file ${modelPath} does not match its manifest (sha256 ${sha256.slice(0, 12)}…, manifest says ${manifest.artifact.sha256.slice(0, 12)}…)`);
  }
  let session: ort.InferenceSession;
  try {
    // One intra-op thread: batches are small and the other core serves HTTP.
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "all" });
  } catch (error) {
    throw new ModelLoadError(`onnxruntime cannot load ${modelPath}: ${(error as Error).message}`);
  }
  return {
    version: manifest.version,
    sha256,
    metrics: manifest.metrics,
    loadedAt: new Date().toISOString(),
    async predict(texts) {
      const output = await session.run({ text: new ort.Tensor("string", texts, [texts.length]) });
      const probabilities = output.probabilities?.data as Float32Array;
      const positive = new Float32Array(texts.length);
      for (let i = 0; i < texts.length; i += 1) positive[i] = probabilities[2 * i + 1] as number;
      return positive;
    },
    release: () => session.release(),
  };
}
