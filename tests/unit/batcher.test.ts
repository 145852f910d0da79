import { describe, expect, it } from "vitest";
import { Batcher, OverloadedError } from "../../subgraphs/ml/src/inference/batcher.js";

function recordingBatcher(options: Partial<{ windowMs: number; maxBatch: number; maxQueue: number }> = {}) {
  const runs: string[][] = [];
  const batcher = new Batcher({
    windowMs: options.windowMs ?? 2,
    maxBatch: options.maxBatch ?? 8,
    maxQueue: options.maxQueue ?? 100,
    run: async (texts) => {
      runs.push(texts);
      return Float32Array.from(texts, (t) => t.length / 100);
    },
  });
  return { batcher, runs };
}

describe("inference batcher", () => {
  it("answers each text with its own probability, in order", async () => {
    const { batcher } = recordingBatcher();
    await expect(batcher.predict(["ab", "abcd"])).resolves.toEqual([expect.closeTo(0.02, 6), expect.closeTo(0.04, 6)]);
  });

  it("runs concurrent requests of one window as one batch", async () => {
    const { batcher, runs } = recordingBatcher({ windowMs: 5 });
    await Promise.all([batcher.predict(["a"]), batcher.predict(["bb"]), batcher.predict(["ccc"])]);
    expect(runs).toEqual([["a", "bb", "ccc"]]);
  });

  it("with no window, still runs the texts enqueued in one tick as one batch", async () => {
    const { batcher, runs } = recordingBatcher({ windowMs: 0 });
    await Promise.all([batcher.predict(["a"]), batcher.predict(["bb"]), batcher.predict(["ccc"])]);
    expect(runs).toEqual([["a", "bb", "ccc"]]);
  });

  it("never runs more than maxBatch texts at once", async () => {
    const { batcher, runs } = recordingBatcher({ maxBatch: 4 });
    await batcher.predict(Array.from({ length: 10 }, (_, i) => `t${i}`));
    expect(runs.map((r) => r.length)).toEqual([4, 4, 2]);
  });

  it("refuses work beyond the queue bound at once, without admitting part of it", async () => {
    const { batcher, runs } = recordingBatcher({ maxQueue: 5 });
    const admitted = batcher.predict(["a", "b", "c"]);
    await expect(batcher.predict(["d", "e", "f"])).rejects.toBeInstanceOf(OverloadedError);
    await admitted;
    expect(runs.flat()).toEqual(["a", "b", "c"]);
  });

  it("fails every text of a run whose model call fails, and keeps serving", async () => {
    let fail = true;
    const batcher = new Batcher({
      windowMs: 1, maxBatch: 8, maxQueue: 100,
      run: async (texts) => {
        if (fail) throw new Error("model failed");
        return new Float32Array(texts.length).fill(0.5);
      },
    });
    await expect(batcher.predict(["a", "b"])).rejects.toThrow("model failed");
    fail = false;
    await expect(batcher.predict(["c"])).resolves.toEqual([0.5]);
  });
});
