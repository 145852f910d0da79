import { describe, expect, it } from "vitest";
import { LONGEST_PLAIN_KEY, OutputCache, TAG_LENGTH, cacheKey, entryBytes, runKeepingOutputs, type RunnableModel } from "./output-cache.js";

const MODEL_A = "a".repeat(64);
const MODEL_B = "b".repeat(64);
const roomy = (maxEntries: number) => new OutputCache({ maxEntries, maxBytes: 1 << 30 });

/** A model stand-in: P(positive) = length / 100; counts the texts it reads. */
function countingModel(sha256: string): RunnableModel & { read: string[] } {
  const read: string[] = [];
  return {
    sha256,
    read,
    predict: async (texts) => {
      read.push(...texts);
      return { positive: Float32Array.from(texts, (t) => t.length / 100), contributions: null };
    },
  };
}

describe("model output cache", () => {
  it("answers a text it was given under the same model", () => {
    const cache = roomy(10);
    cache.set(MODEL_A, "great film", 0.97);
    expect(cache.get(MODEL_A, "great film")).toBe(0.97);
  });

  it("never answers a text with another model's output", () => {
    const cache = roomy(10);
    cache.set(MODEL_A, "great film", 0.97);
    expect(cache.get(MODEL_B, "great film")).toBeUndefined();
  });

  it("keeps the answers of several models apart, each under its own model", () => {
    const cache = roomy(10);
    cache.set(MODEL_A, "great film", 0.97);
    cache.set(MODEL_B, "great film", 0.4);
    expect(cache.size).toBe(2);
    expect(cache.get(MODEL_A, "great film")).toBe(0.97);
    expect(cache.get(MODEL_B, "great film")).toBe(0.4);
  });

  it("drops a model's answers and their bytes when told the model is gone, keeping the others", () => {
    const cache = roomy(10);
    cache.set(MODEL_A, "great film", 0.97);
    cache.set(MODEL_B, "dull film", 0.1);
    cache.forget(MODEL_A);
    expect(cache.size).toBe(1);
    expect(cache.get(MODEL_A, "great film")).toBeUndefined();
    expect(cache.get(MODEL_B, "dull film")).toBe(0.1);
    cache.forget(MODEL_B);
    expect(cache.approximateBytes).toBe(0);
  });

  it("evicts the least recently used text first, a lookup counting as a use", () => {
    const cache = roomy(2);
    cache.set(MODEL_A, "one", 0.1);
    cache.set(MODEL_A, "two", 0.2);
    cache.get(MODEL_A, "one");
    cache.set(MODEL_A, "three", 0.3);
    expect(cache.get(MODEL_A, "two")).toBeUndefined();
    expect(cache.get(MODEL_A, "one")).toBe(0.1);
    expect(cache.get(MODEL_A, "three")).toBe(0.3);
  });

  it("keeps its approximate bytes within the memory bound, evicting the oldest texts", () => {
    const text = (i: number) => `review number ${i} `.padEnd(200, "x");
    const perEntry = entryBytes("0".repeat(TAG_LENGTH) + text(0));
    const cache = new OutputCache({ maxEntries: 1_000, maxBytes: perEntry * 5 });
    for (let i = 0; i < 20; i += 1) cache.set(MODEL_A, text(i), 0.5);
    expect(cache.size).toBe(5);
    expect(cache.approximateBytes).toBeLessThanOrEqual(perEntry * 5);
    expect(cache.get(MODEL_A, text(14))).toBeUndefined();
    expect(cache.get(MODEL_A, text(15))).toBe(0.5);
  });

  it("counts a text of wide characters at two bytes a character", () => {
    // 104 characters: a multiple of the heap's 8-byte alignment either way
    expect(entryBytes("日".repeat(104)) - entryBytes("é".repeat(104))).toBe(104);
  });

  it("stores and answers nothing when its entry bound is 0", () => {
    const cache = roomy(0);
    cache.set(MODEL_A, "great film", 0.97);
    expect(cache.enabled).toBe(false);
    expect(cache.get(MODEL_A, "great film")).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.misses).toBe(0);
  });

  it("counts hits and misses", () => {
    const cache = roomy(10);
    cache.set(MODEL_A, "great film", 0.97);
    cache.get(MODEL_A, "great film");
    cache.get(MODEL_A, "great film");
    cache.get(MODEL_A, "dull film");
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 2, misses: 1 });
  });
});

describe("cache keys", () => {
  it("keys a short text by itself", () => {
    expect(cacheKey("The pasta was wonderful")).toBe("The pasta was wonderful");
  });

  it("keys a long text by its SHA-256, different texts apart", () => {
    const long = "a".repeat(LONGEST_PLAIN_KEY + 1);
    expect(cacheKey(long)).toHaveLength(44);
    expect(cacheKey(long)).not.toBe(cacheKey(`${long}b`));
  });

  it("never lets a short text pose as a long text's key", () => {
    const long = "x".repeat(1_000);
    const impostor = cacheKey(long);
    expect(cacheKey(impostor)).not.toBe(impostor);
  });
});

describe("a run that keeps its outputs", () => {
  it("files each answer under the model that gave it", async () => {
    const cache = roomy(10);
    let model = countingModel(MODEL_A);
    const run = runKeepingOutputs(cache, () => model);
    await run(["ab", "abcd"], false);
    model = countingModel(MODEL_B);
    await run(["abc"], false);
    expect(cache.get(MODEL_B, "abc")).toBeCloseTo(0.03, 6);
    expect(cache.get(MODEL_A, "abc")).toBeUndefined();
    expect(cache.get(MODEL_B, "ab")).toBeUndefined();
  });

  it("keeps long texts under their digest", async () => {
    const cache = roomy(10);
    const long = "y".repeat(2_000);
    await runKeepingOutputs(cache, () => countingModel(MODEL_A))([long], false);
    expect(cache.get(MODEL_A, long)).toBe(20);
    expect(cache.approximateBytes).toBe(entryBytes("0".repeat(TAG_LENGTH) + cacheKey(long)));
  });
});
