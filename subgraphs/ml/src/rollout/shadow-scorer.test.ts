import { describe, expect, it } from "vitest";
import { OutputCache, type RunnableModel } from "../inference/output-cache.js";
import { ShadowScorer, type ShadowComparison } from "./shadow-scorer.js";

/** Polls a condition between turns of the event loop until it holds, failing after `ms`. */
async function pollUntil(condition: () => boolean, what: string, ms: number, intervalMs: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A shadow model stand-in: P(positive) 0.9 for texts with "good", else 0.2; counts its runs. */
function shadowModel(): RunnableModel & { runs: string[][] } {
  const runs: string[][] = [];
  return {
    sha256: "c".repeat(64),
    runs,
    predict: async (texts) => {
      runs.push(texts);
      return { positive: Float32Array.from(texts, (t) => (t.includes("good") ? 0.9 : 0.2)), contributions: null };
    },
  };
}

function scorer(options: { busy?: () => boolean; maxQueue?: number; maxTimeShare?: number } = {}) {
  const model = shadowModel();
  const compared: ShadowComparison[] = [];
  const shed: string[] = [];
  const runSeconds: number[] = [];
  const rests: number[] = [];
  const shadow = new ShadowScorer({
    maxQueue: options.maxQueue ?? 100,
    maxBatch: 2,
    maxTimeShare: options.maxTimeShare ?? 1,
    rest: async (ms) => {
      rests.push(ms);
    },
    busy: options.busy ?? (() => false),
    model: (version) => (version === "cand" ? model : undefined),
    outputs: new OutputCache({ maxEntries: 100, maxBytes: 1 << 20 }),
    onCompared: (c) => compared.push(c),
    onShed: (version) => shed.push(version),
    onRun: (_, seconds) => runSeconds.push(seconds),
    onError: (_, error) => {
      throw error;
    },
  });
  return { shadow, model, compared, shed, runSeconds, rests };
}

describe("shadow scoring", () => {
  it("rests after each run so that its runs take at most maxTimeShare of wall time", async () => {
    const { shadow, compared, runSeconds, rests } = scorer({ maxTimeShare: 0.25 });
    for (const text of ["a good day", "a plain day", "good food", "cold food", "good news"]) shadow.offer("cand", text, 0.5);
    await pollUntil(() => compared.length === 5, "five comparisons", 2_000, 1);
    // Three runs of two, two and one texts, each followed by three times its own length.
    expect(rests).toHaveLength(3);
    rests.forEach((ms, i) => expect(ms).toBeCloseTo(3_000 * (runSeconds[i] as number), 6));
  });

  it("never rests when it may take all the time", async () => {
    const { shadow, compared, rests } = scorer({ maxTimeShare: 1 });
    for (const text of ["a good day", "a plain day", "good food"]) shadow.offer("cand", text, 0.5);
    await pollUntil(() => compared.length === 3, "three comparisons", 2_000, 1);
    expect(rests).toEqual([]);
  });

  it("compares each offered text's shadow label with the serving model's, counting a flip when they differ", async () => {
    const { shadow, compared } = scorer();
    shadow.offer("cand", "a good day", 0.8);
    shadow.offer("cand", "a plain day", 0.7);
    await pollUntil(() => compared.length === 2, "two comparisons", 2_000, 1);
    expect(compared.map((c) => c.flipped)).toEqual([false, true]);
    expect(compared[1]?.difference).toBeCloseTo(0.5, 6);
  });

  it("runs no shadow batch while requests wait for a model, and catches up once they are served", async () => {
    let busy = true;
    const { shadow, model, compared } = scorer({ busy: () => busy });
    shadow.offer("cand", "a good day", 0.8);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(model.runs).toEqual([]);
    busy = false;
    await pollUntil(() => compared.length === 1, "the comparison", 2_000, 1);
  });

  it("sheds texts past its queue bound, counting them for their version", () => {
    const { shadow, shed } = scorer({ busy: () => true, maxQueue: 2 });
    for (const text of ["one", "two", "three", "four"]) shadow.offer("cand", text, 0.5);
    expect(shadow.waiting).toBe(2);
    expect(shed).toEqual(["cand", "cand"]);
  });

  it("reads a shadow batch of at most its run size, and a text it read before from the cache", async () => {
    const { shadow, model, compared } = scorer();
    for (const text of ["good 1", "good 2", "good 3"]) shadow.offer("cand", text, 0.9);
    await pollUntil(() => compared.length === 3, "three comparisons", 2_000, 1);
    shadow.offer("cand", "good 1", 0.9);
    await pollUntil(() => compared.length === 4, "the fourth comparison", 2_000, 1);
    expect(model.runs).toEqual([["good 1", "good 2"], ["good 3"]]);
  });
});
