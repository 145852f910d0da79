import { describe, expect, it } from "vitest";
import { AbandonedError, Batcher, OverloadedError, type BatchItem, type RunOutput, type WorkOwner } from "./batcher.js";

const plain = (...texts: string[]): BatchItem[] => texts.map((text) => ({ text, explain: false }));
/** A request of its own from one caller. */
const own = (caller = "caller"): WorkOwner => ({ caller, request: {} });
const probabilities = (predictions: Array<{ positiveProbability: number }>) => predictions.map((p) => p.positiveProbability);

/** A model stand-in whose answers are computable from the texts: P = length / 100, contributions = char codes. */
function recordingBatcher(options: Partial<{ windowMs: number; maxBatch: number; maxQueue: number; maxBatchChars: number }> = {}) {
  const runs: Array<{ texts: string[]; withContributions: boolean }> = [];
  const batcher = new Batcher({
    windowMs: options.windowMs ?? 2,
    maxBatch: options.maxBatch ?? 8,
    maxBatchChars: options.maxBatchChars ?? 10_000,
    maxQueue: options.maxQueue ?? 100,
    run: async (texts, withContributions): Promise<RunOutput> => {
      runs.push({ texts, withContributions });
      return {
        positive: Float32Array.from(texts, (t) => t.length / 100),
        contributions: withContributions ? texts.map((t) => Float32Array.from(t, (c) => c.charCodeAt(0))) : null,
      };
    },
  });
  return { batcher, runs, texts: () => runs.map((r) => r.texts) };
}

describe("inference batcher", () => {
  it("keeps a run within the character budget, a longer text running alone", async () => {
    const { batcher, texts } = recordingBatcher({ windowMs: 0, maxBatchChars: 10 });
    await batcher.predict(plain("aaaa", "bbbb", "cccc", "d".repeat(30), "ee"), own());
    expect(texts()).toEqual([["aaaa", "bbbb"], ["cccc"], ["d".repeat(30)], ["ee"]]);
  });

  it("counts a run as the model reads it, every text padded to the longest: a long text does not share a run with many short ones", async () => {
    const { batcher, texts } = recordingBatcher({ windowMs: 0, maxBatch: 100, maxBatchChars: 100 });
    const sentences = Array.from({ length: 6 }, (_, i) => `sentence ${i}.`);
    await batcher.predict(plain("L".repeat(50), ...sentences), own());
    for (const run of texts()) expect(run.length * Math.max(...run.map((t) => t.length))).toBeLessThanOrEqual(100);
    expect(texts()).toEqual([["L".repeat(50), "sentence 0."], sentences.slice(1)]);
  });

  it("answers each text with its own probability, in order", async () => {
    const { batcher } = recordingBatcher();
    const answers = await batcher.predict(plain("ab", "abcd"), own());
    expect(probabilities(answers)).toEqual([expect.closeTo(0.02, 6), expect.closeTo(0.04, 6)]);
  });

  it("runs concurrent requests of one window as one batch", async () => {
    const { batcher, texts } = recordingBatcher({ windowMs: 5 });
    await Promise.all([batcher.predict(plain("a"), own()), batcher.predict(plain("bb"), own()), batcher.predict(plain("ccc"), own())]);
    expect(texts()).toEqual([["a", "bb", "ccc"]]);
  });

  it("with no window, still runs the texts enqueued in one tick as one batch", async () => {
    const { batcher, texts } = recordingBatcher({ windowMs: 0 });
    await Promise.all([batcher.predict(plain("a"), own()), batcher.predict(plain("bb"), own()), batcher.predict(plain("ccc"), own())]);
    expect(texts()).toEqual([["a", "bb", "ccc"]]);
  });

  it("never runs more than maxBatch texts at once", async () => {
    const { batcher, texts } = recordingBatcher({ maxBatch: 4 });
    await batcher.predict(plain(...Array.from({ length: 10 }, (_, i) => `t${i}`)), own());
    expect(texts().map((r) => r.length)).toEqual([4, 4, 2]);
  });

  it("refuses work beyond the queue bound at once, without admitting part of it", async () => {
    const { batcher, texts } = recordingBatcher({ maxQueue: 5 });
    const admitted = batcher.predict(plain("a", "b", "c"), own());
    await expect(batcher.predict(plain("d", "e", "f"), own())).rejects.toBeInstanceOf(OverloadedError);
    await admitted;
    expect(texts().flat()).toEqual(["a", "b", "c"]);
  });

  it("does not let one caller fill the queue: past all but an eighth of it, its texts are refused while the others' are admitted", async () => {
    const { batcher, texts } = recordingBatcher({ windowMs: 50, maxQueue: 100 });
    const big = (tag: string, n: number) => plain(...Array.from({ length: n }, (_, i) => `${tag}${i}`));
    const first = batcher.predict(big("a", 60), own("heavy"));
    const second = batcher.predict(big("b", 40), own("heavy"));
    await expect(second).rejects.toMatchObject({ name: "OverloadedError", reason: "caller-share" });
    const others = [batcher.predict(big("c", 20), own("light")), batcher.predict(big("d", 15), own("light"))];
    await Promise.all([first, ...others]);
    expect(texts().flat()).toHaveLength(95);
  });

  it("admits a caller's texts up to all but an eighth of the queue, however many calls and requests bring them", async () => {
    const { batcher } = recordingBatcher({ windowMs: 50, maxQueue: 100 });
    const calls = Array.from({ length: 8 }, (_, c) => batcher.predict(plain(...Array.from({ length: 11 }, (_, i) => `t${c}.${i}`)), own("heavy")));
    await expect(batcher.predict(plain("one too many"), own("heavy"))).rejects.toMatchObject({ reason: "caller-share" });
    await expect(Promise.all(calls)).resolves.toHaveLength(8);
  });

  it("does not count the texts of a caller's abandoned request against its share: they are dropped to admit the new ones", async () => {
    const { batcher, texts } = recordingBatcher({ windowMs: 50, maxQueue: 100 });
    let gone = false;
    const abandoned = batcher.predict(plain(...Array.from({ length: 80 }, (_, i) => `old${i}`)), { caller: "x", request: {}, abandoned: () => gone });
    gone = true;
    const retry = batcher.predict(plain(...Array.from({ length: 80 }, (_, i) => `new${i}`)), own("x"));
    await expect(abandoned).rejects.toBeInstanceOf(AbandonedError);
    await expect(retry).resolves.toHaveLength(80);
    expect(texts().flat().filter((t) => t.startsWith("old"))).toEqual([]);
  });

  it("drops any caller's abandoned texts before refusing another caller for a full queue", async () => {
    const { batcher } = recordingBatcher({ windowMs: 50, maxQueue: 100 });
    let gone = false;
    const abandoned = batcher.predict(plain(...Array.from({ length: 85 }, (_, i) => `dead${i}`)), { caller: "a", request: {}, abandoned: () => gone });
    gone = true;
    const admitted = batcher.predict(plain(...Array.from({ length: 20 }, (_, i) => `b${i}`)), own("b"));
    await expect(abandoned).rejects.toBeInstanceOf(AbandonedError);
    await expect(admitted).resolves.toHaveLength(20);
  });

  it("admits a call larger than a caller's share when that caller has nothing waiting and the queue has room", async () => {
    const { batcher } = recordingBatcher({ maxQueue: 70 });
    await expect(batcher.predict(plain(...Array.from({ length: 65 }, (_, i) => `s${i}`)), own("one"))).resolves.toHaveLength(65);
  });

  it("fails every text of a run whose model call fails, and keeps serving", async () => {
    let fail = true;
    const batcher = new Batcher({
      windowMs: 1, maxBatch: 8, maxBatchChars: 10_000, maxQueue: 100,
      run: async (texts) => {
        if (fail) throw new Error("model failed");
        return { positive: new Float32Array(texts.length).fill(0.5), contributions: null };
      },
    });
    await expect(batcher.predict(plain("a", "b"), own())).rejects.toThrow("model failed");
    fail = false;
    await expect(batcher.predict(plain("c"), own())).resolves.toEqual([{ positiveProbability: 0.5, contributions: null }]);
  });

  it("asks a run for word contributions only when one of its texts needs them", async () => {
    const { batcher, runs } = recordingBatcher({ windowMs: 0 });
    await batcher.predict(plain("a", "b"), own());
    await batcher.predict([{ text: "c", explain: false }, { text: "d", explain: true }], own());
    expect(runs.map((r) => r.withContributions)).toEqual([false, true]);
  });

  it("hands each text that asked its own contributions, and none to the texts that did not", async () => {
    const { batcher, runs } = recordingBatcher({ windowMs: 0 });
    const [explained, unexplained] = await Promise.all([batcher.predict([{ text: "ab", explain: true }], own()), batcher.predict(plain("cd"), own())]);
    expect(runs).toHaveLength(1);
    expect(Array.from(explained?.[0]?.contributions ?? [])).toEqual([97, 98]);
    expect(unexplained?.[0]?.contributions).toBeNull();
  });

  it("puts a one-text request into the next run while another caller's long batch is read run by run", async () => {
    const { batcher, texts } = recordingBatcher({ windowMs: 0, maxBatch: 4 });
    const flood = batcher.predict(plain(...Array.from({ length: 20 }, (_, i) => `flood ${i}`)), own("flooder"));
    // The flood's first run is under way when the small request arrives.
    await new Promise((resolve) => setImmediate(resolve));
    const small = batcher.predict(plain("small"), own("other"));
    await Promise.all([flood, small]);
    expect(texts().findIndex((run) => run.includes("small"))).toBeLessThanOrEqual(1);
    expect(texts().every((run) => run.length <= 4)).toBe(true);
  });

  it("reports each request once, over all its calls, with how many runs read its texts", async () => {
    const served: Array<{ texts: number; runs: number }> = [];
    const batcher = new Batcher({
      windowMs: 0, maxBatch: 3, maxBatchChars: 10_000, maxQueue: 100,
      run: async (texts) => ({ positive: new Float32Array(texts.length), contributions: null }),
      onRequestServed: ({ texts, runs }) => served.push({ texts, runs }),
    });
    const page = own("x");
    await Promise.all([...["a", "b", "c", "d", "e"].map((t) => batcher.predict(plain(t), page)), batcher.predict(plain("f"), own("y"))]);
    expect(served.sort((a, b) => a.texts - b.texts)).toEqual([{ texts: 1, runs: 1 }, { texts: 5, runs: 2 }]);
  });

  it("drops the texts of an abandoned request unread, failing its call, and reads the others", async () => {
    const { batcher, texts } = recordingBatcher({ windowMs: 0, maxBatch: 2 });
    let gone = false;
    const first = batcher.predict(plain("a", "b", "c", "d"), { caller: "x", request: {}, abandoned: () => gone });
    const other = batcher.predict(plain("e"), own("y"));
    await new Promise((resolve) => setImmediate(resolve));
    gone = true;
    await expect(first).rejects.toBeInstanceOf(AbandonedError);
    await other;
    expect(texts().flat().filter((t) => "abcd".includes(t)).length).toBeLessThan(4);
    expect(texts().flat()).toContain("e");
  });
});
