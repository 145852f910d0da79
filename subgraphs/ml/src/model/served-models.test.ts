import { createLogger } from "@sentiment/platform";
import { describe, expect, it } from "vitest";
import { Batcher } from "../inference/batcher.js";
import { OutputCache } from "../inference/output-cache.js";
import { canaryOffset } from "../rollout/routing.js";
import { ModelLoadError, type LoadedModel } from "./loaded-model.js";
import { ServedModels } from "./served-models.js";

/** Model files by path: each a version, or a reason it fails to load. Rewritable between loads, as files on disk are. */
// A file's content is its version, or its version and a build ("v2#2": the same version rebuilt, other bytes).
function files(initial: Record<string, string | Error>) {
  const disk = { ...initial };
  const released: string[] = [];
  const loads: string[] = [];
  /** while set, every model run waits for it: work stays queued in the batchers */
  let gate: Promise<void> | null = null;
  const sha = (content: string) => `${content}-sha`.padEnd(64, "0");
  const read = (file: string): string => {
    const content = disk[file];
    if (content === undefined) throw new ModelLoadError(`cannot read the model file ${file}`);
    if (content instanceof Error) throw content;
    return content;
  };
  const load = async (file: string): Promise<LoadedModel> => {
    const content = read(file);
    loads.push(file);
    let disposed = false;
    return {
      path: file,
      version: content.split("#")[0] as string,
      sha256: sha(content),
      metrics: { accuracy: 1, rocAuc: 1, logLoss: 0, expectedCalibrationError: 0, crossValidationAccuracy: 1 },
      loadedAt: new Date().toISOString(),
      explains: false,
      predict: async (texts) => {
        await gate;
        // as onnxruntime does with a released session
        if (disposed) throw new Error("Session already disposed");
        return { positive: new Float32Array(texts.length), contributions: null };
      },
      release: async () => {
        disposed = true;
        released.push(content);
      },
    };
  };
  const hashFile = async (file: string) => sha(read(file));
  const hold = () => {
    let open = () => {};
    gate = new Promise((resolve) => (open = resolve));
    return () => {
      gate = null;
      open();
    };
  };
  return { disk, load, hashFile, released, loads, hold };
}

const serve = (load: (file: string) => Promise<LoadedModel>, paths: string[], hashFile?: (file: string) => Promise<string>) =>
  ServedModels.load(paths, {
    logger: createLogger("ml", "silent"),
    outputs: new OutputCache({ maxEntries: 10, maxBytes: 1 << 20 }),
    createBatcher: (model) => new Batcher({ windowMs: 0, maxBatch: 8, maxBatchChars: 1_000, maxQueue: 100, run: (texts, explain) => model.predict(texts, explain) }),
    loadModel: load,
    ...(hashFile ? { hashFile } : {}),
    releaseCheckMs: 5,
  });

const owner = () => ({ caller: "someone", request: {} });
const texts = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `text ${i}`, explain: false }));

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

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
    expect(served.forBucket(canaryOffset("v2")).model.version).toBe("v2");
    expect(served.forBucket((canaryOffset("v2") + 5_000) % 10_000).model.version).toBe("v1");
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

  it("on reload, keep the loaded model and batcher of a file whose bytes did not change: queued work is answered", async () => {
    const { load, hashFile, released, loads, hold } = files({ main: "v1", "dir/a": "v2" });
    const served = await serve(load, ["main", "dir/a"], hashFile);
    const before = served.serving;
    const open = hold();
    const answers = Promise.all([served.serving.batcher.predict(texts(20), owner()), served.serving.batcher.predict(texts(3), owner())]);
    await served.reload(["main", "dir/a"]);
    expect(served.serving).toBe(before);
    open();
    const [first, second] = await answers;
    expect(first).toHaveLength(20);
    expect(second).toHaveLength(3);
    expect(loads).toEqual(["main", "dir/a"]);
    expect(released).toEqual([]);
  });

  it("release a replaced model's session only once its batcher has no queued or running work", async () => {
    const { disk, load, hashFile, released, hold } = files({ main: "v1", "dir/a": "v2" });
    const served = await serve(load, ["main", "dir/a"], hashFile);
    const open = hold();
    const answers = served.serving.batcher.predict(texts(20), owner());
    disk.main = "v1#2";
    await served.reload(["main", "dir/a"]);
    // Many release checks pass while the old batcher still holds work.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(released).toEqual([]);
    open();
    expect(await answers).toHaveLength(20);
    await until(() => released.includes("v1"), "the replaced session's release");
    expect(released).toEqual(["v1"]);
    expect(await served.serving.batcher.predict(texts(1), owner())).toHaveLength(1);
  });
});
