// Loads the ONNX sentiment model and its manifest, and checks that they belong together.
// Tensor names, output decoding and the manifest's shape come from the model's contract.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  INPUT_TEXT,
  MANIFEST_FILE,
  OUTPUT_PROBABILITIES,
  OUTPUT_WORD_CONTRIBUTIONS,
  contributionRows,
  parseManifest,
  positiveProbabilities,
  toModelInput,
  type ModelManifest,
} from "@sentiment/model/contract";
import * as ort from "onnxruntime-node";
import type { RunOutput } from "../inference/batcher.js";

export interface LoadedModel {
  /** the file it was loaded from */
  path: string;
  version: string;
  sha256: string;
  metrics: ModelManifest["metrics"];
  loadedAt: string;
  /** whether the graph has the word-contributions output that explanations need */
  explains: boolean;
  /**
   * P(positive) of each text and, when asked and the graph has them, each text's word
   * contributions. onnxruntime runs every node of the graph whatever is fetched (and this graph
   * sums the contributions into the logit anyway), so leaving them out saves no model time;
   * it only spares copying an N × W array into JavaScript.
   */
  predict(texts: string[], withContributions: boolean): Promise<RunOutput>;
  release(): Promise<void>;
}

export class ModelLoadError extends Error {
  override name = "ModelLoadError";
}

/** The sha256 of a file, read in chunks: telling an unchanged model file on reload costs no session. */
export function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** A short text every model must read, at load: a graph whose outputs break the contract is refused then, not on a request. */
const CONTRACT_PROBE = ["a contract check: good, not bad"];

/** Loads a model file; `named` is how messages name it (MODEL_PATH=… for the configured one). */
export async function loadModel(modelPath: string, named = `MODEL_PATH=${modelPath}`): Promise<LoadedModel> {
  let bytes: Buffer;
  try {
    // Read off the event loop: a reload (SIGHUP) happens while requests are being answered.
    bytes = await readFile(modelPath);
  } catch (error) {
    throw new ModelLoadError(`cannot read the model file ${named} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const manifestPath = join(dirname(modelPath), MANIFEST_FILE);
  let manifest: ModelManifest;
  try {
    manifest = parseManifest(JSON.parse(await readFile(manifestPath, "utf8")));
  } catch (error) {
    throw new ModelLoadError(`cannot read the model manifest ${manifestPath} beside ${named} (${(error as Error).message.split("\n")[0]})`, { cause: error });
  }
  if (manifest.artifact.sha256 !== sha256) {
    throw new ModelLoadError(`the model file ${modelPath} does not match its manifest (sha256 ${sha256.slice(0, 12)}…, manifest says ${manifest.artifact.sha256.slice(0, 12)}…)`);
  }
  let session: ort.InferenceSession;
  try {
    // One intra-op thread: batches are small and the other core serves HTTP.
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "all", enableCpuMemArena: false, enableMemPattern: false });
  } catch (error) {
    throw new ModelLoadError(`onnxruntime cannot load ${modelPath}: ${(error as Error).message}`, { cause: error });
  }
  if (!session.inputNames.includes(INPUT_TEXT) || !session.outputNames.includes(OUTPUT_PROBABILITIES)) {
    await session.release();
    throw new ModelLoadError(`the model ${modelPath} lacks the input "${INPUT_TEXT}" or the output "${OUTPUT_PROBABILITIES}"`);
  }
  const explains = session.outputNames.includes(OUTPUT_WORD_CONTRIBUTIONS);
  const plainFetches = [OUTPUT_PROBABILITIES];
  const explainingFetches = [OUTPUT_PROBABILITIES, OUTPUT_WORD_CONTRIBUTIONS];
  const model: LoadedModel = {
    path: modelPath,
    version: manifest.version,
    sha256,
    metrics: manifest.metrics,
    loadedAt: new Date().toISOString(),
    explains,
    async predict(texts, withContributions) {
      const contributions = withContributions && explains;
      const output = await session.run({ [INPUT_TEXT]: new ort.Tensor("string", texts.map(toModelInput), [texts.length]) }, contributions ? explainingFetches : plainFetches);
      return {
        positive: positiveProbabilities(output[OUTPUT_PROBABILITIES], texts.length),
        contributions: contributions ? contributionRows(output[OUTPUT_WORD_CONTRIBUTIONS], texts.length) : null,
      };
    },
    release: () => session.release(),
  };
  try {
    const probe = await model.predict(CONTRACT_PROBE, explains);
    const p = probe.positive[0];
    if (p === undefined || !(p >= 0 && p <= 1)) throw new Error(`P(positive) of a probe text is ${p}, not a probability`);
  } catch (error) {
    await session.release();
    throw new ModelLoadError(`the model ${modelPath} does not follow the model contract: ${(error as Error).message}`, { cause: error });
  }
  return model;
}
