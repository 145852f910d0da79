import { createLogger } from "@sentiment/platform";
import { describe, expect, it } from "vitest";
import { Batcher } from "../inference/batcher.js";
import { OutputCache } from "../inference/output-cache.js";
import { ModelLoadError, type LoadedModel } from "./loaded-model.js";
import { ServedModels } from "./served-models.js";

/** Model files by path: each a version, or a reason it fails to load. Rewritable between loads, as files on disk are. */
function files(initial: Record<string, string | Error>) {
  const disk = { ...initial };
  const released: string[] = [];
  const load = async (file: string): Promise<LoadedModel> => {
    const content = disk[file];
    if (content === undefined) throw new ModelLoadError(`cannot read the model file ${file}`);
    if (content instanceof Error) throw content;
    return {
      path: file,
      version: content,
      sha256: `${content}-sha`.padEnd(64, "0"),
      metrics: { accuracy: 1, rocAuc: 1, logLoss: 0, expectedCalibrationError: 0, crossValidationAccuracy: 1 },
      loadedAt: new Date().toISOString(),
      explains: false,
      predict: async (texts) => ({ positive: new Float32Array(texts.length), contributions: null }),
      release: async () => void released.push(content),
    };
  };
  return { disk, load, released };
}

const serve = (load: (file: string) => Promise<LoadedModel>, paths: string[]) =>
  ServedModels.load(paths, {
    logger: createLogger("ml", "silent"),
    outputs: new OutputCache({ maxEntries: 10, maxBytes: 1 << 20 }),
    createBatcher: (model) => new Batcher({ windowMs: 0, maxBatch: 8, maxBatchChars: 1_000, maxQueue: 100, run: (texts, explain) => model.predict(texts, explain) }),
    loadModel: load,
  });

const modes = (served: ServedModels) => served.versions().map((v) => `${v.model.version} ${v.mode} ${v.share}`);

describe("the served models", () => {
  it("serve MODEL_PATH's version, the others retired, and refuse a file that fails or repeats a loaded version", async () => {
    const { load } = files({ main: "v1", "dir/a": "v2", "dir/b": new ModelLoadError("onnxruntime cannot load dir/b"), "dir/c": "v2" });
    const served = await serve(load, ["main", "dir/a", "dir/b", "dir/c"]);
    expect(modes(served)).toEqual(["v1 SERVING 100", "v2 RETIRED 0"]);
  });

  it("refuse to start when MODEL_PATH cannot be loaded", async () => {
    const { load } = files({ "dir/a": "v2" });
    await expect(serve(load, ["main", "dir/a"])).rejects.toThrow(ModelLoadError);
  });

  it("apply a stored state: a canary's callers by bucket, the serving version the rest", async () => {
    const { load } = files({ main: "v1", "dir/a": "v2" });
    const served = await serve(load, ["main", "dir/a"]);
    served.applyState([{ version: "v2", mode: "CANARY", share: 10 }]);
    expect(served.hasCanaries).toBe(true);
    expect(served.forBucket(0).model.version).toBe("v2");
    expect(served.forBucket(5_000).model.version).toBe("v1");
    expect(modes(served)).toEqual(["v1 SERVING 90", "v2 CANARY 10"]);
  });

  it("keep serving the version that serves when the state names one not loaded here", async () => {
    const { load } = files({ main: "v1", "dir/a": "v2" });
    const served = await serve(load, ["main", "dir/a"]);
    served.applyState([{ version: "v2", mode: "SERVING", share: 100 }]);
    served.applyState([{ version: "v9", mode: "SERVING", share: 100 }]);
    expect(served.serving.model.version).toBe("v2");
  });

  it("on reload, keep a file's previous load when it fails now, pick up new files, and keep the state", async () => {
    const { disk, load } = files({ main: "v1", "dir/a": "v2" });
    const served = await serve(load, ["main", "dir/a"]);
    served.applyState([{ version: "v2", mode: "SERVING", share: 100 }]);
    disk["dir/a"] = new ModelLoadError("half-written");
    disk["dir/b"] = "v3";
    const { versions } = await served.reload(["main", "dir/a", "dir/b"]);
    expect(versions.sort()).toEqual(["v1", "v2", "v3"]);
    expect(served.serving.model.version).toBe("v2");
  });
});
