// An exact cache of the model's answer, P(positive), per (model, text): a page of reviews read
// again runs no model and a text seen before answers without a trip through the batcher.
// Several models answer at once during a rollout (serving, canaries, shadows); they share one
// bound and one recency order, so the model asked most keeps most of the room.
// Least recently used entries leave first; the bound is a count of entries and an approximate
// number of bytes, whichever is reached first, so that long texts cannot grow it without limit.
//
// Only the probability is kept: it is all that label, score and positiveProbability need, and a
// sentence's probability is the same value for the same sentence text. Word contributions are not
// cached: they are a row of floats per word plus the text's own word offsets, asked for by few
// queries, and a text that wants them must run the model anyway (the run stores its probability).
import { hash } from "node:crypto";
import type { RunOutput } from "./batcher.js";

export interface OutputCacheOptions {
  /** most entries; 0 disables the cache */
  maxEntries: number;
  /** most approximate bytes of keys and entries */
  maxBytes: number;
}

/**
 * Texts up to this many UTF-16 units are keyed by themselves; longer ones by their SHA-256.
 * Measured on Node 20 (50,000 entries): a 100-character key costs about 120 bytes and 0.5 µs
 * to look up, its digest 0.7 µs to compute; a 1,000-character key costs about 1,020 bytes and
 * 3 µs to look up, its digest 60 bytes and 1.4 µs. Short texts are cheaper as themselves, long
 * ones as digests, both in memory and in time.
 */
export const LONGEST_PLAIN_KEY = 256;
/** A base64 SHA-256 digest is 44 characters: every key of that length is a digest (see cacheKey). */
const DIGEST_LENGTH = 44;

/**
 * The cache key of a text. Texts of exactly DIGEST_LENGTH characters are hashed too, so that no
 * text keyed by itself can equal another text's digest: a text crafted to equal the digest of a
 * long review could otherwise plant its answer for that review. SHA-256 collisions are not a
 * practical concern.
 */
export function cacheKey(text: string): string {
  return text.length <= LONGEST_PLAIN_KEY && text.length !== DIGEST_LENGTH ? text : hash("sha256", text, "base64");
}

/**
 * Approximate heap bytes of one entry beyond its key: the Map's slot (key, value, chain link, its
 * share of the bucket table at the Map's load) and the boxed double. Measured: 52–57 bytes.
 */
const ENTRY_BYTES = 56;
/** V8's string header, rounded to the heap's 8-byte alignment with the characters. */
const STRING_HEADER_BYTES = 16;
const WIDE_CHARACTER = /[^\u0000-\u00ff]/u;

/** Approximate heap bytes of an entry with this key: V8 stores a string in one byte per character when it can. */
export function entryBytes(key: string): number {
  const characterBytes = WIDE_CHARACTER.test(key) ? 2 * key.length : key.length;
  return ENTRY_BYTES + ((STRING_HEADER_BYTES + characterBytes + 7) & ~7);
}

/** Characters of the per-model prefix of an entry's key: a fixed length, so that a prefix and a
 *  text key can never run into another pair's (see cacheKey for the text part). */
export const TAG_LENGTH = 3;

export class OutputCache {
  /** insertion order is recency order: the first entry is the least recently used */
  private entries = new Map<string, number>();
  private bytes = 0;
  /** each model's key prefix, given out in order as models first store an answer */
  private tags = new Map<string, string>();
  private nextTag = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly options: OutputCacheOptions) {}

  get enabled(): boolean {
    return this.options.maxEntries > 0 && this.options.maxBytes > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get approximateBytes(): number {
    return this.bytes;
  }

  private tagOf(modelSha256: string): string {
    let tag = this.tags.get(modelSha256);
    if (tag === undefined) {
      tag = (this.nextTag % 36 ** TAG_LENGTH).toString(36).padStart(TAG_LENGTH, "0");
      this.nextTag += 1;
      // After 46,656 models in one process a prefix comes round again: its old model's answers go.
      for (const [sha, used] of this.tags) if (used === tag) this.forget(sha);
      this.tags.set(modelSha256, tag);
    }
    return tag;
  }

  /** The cached P(positive) of the text under that model, or undefined; counts a hit or a miss. */
  get(modelSha256: string, text: string): number | undefined {
    if (!this.enabled) return undefined;
    const tag = this.tags.get(modelSha256);
    const key = tag === undefined ? "" : tag + cacheKey(text);
    const value = tag === undefined ? undefined : this.entries.get(key);
    if (value === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // Move to the most recently used end.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(modelSha256: string, text: string, positiveProbability: number): void {
    if (!this.enabled) return;
    const key = this.tagOf(modelSha256) + cacheKey(text);
    const size = entryBytes(key);
    if (size > this.options.maxBytes) return;
    if (this.entries.has(key)) {
      this.entries.delete(key);
    } else {
      this.bytes += size;
    }
    this.entries.set(key, positiveProbability);
    while (this.entries.size > this.options.maxEntries || this.bytes > this.options.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.bytes -= entryBytes(oldest);
    }
  }

  /** Drops a model's answers: it is no longer loaded, so they can never be asked for again. */
  forget(modelSha256: string): void {
    const tag = this.tags.get(modelSha256);
    if (tag === undefined) return;
    this.tags.delete(modelSha256);
    for (const key of this.entries.keys()) {
      if (!key.startsWith(tag)) continue;
      this.entries.delete(key);
      this.bytes -= entryBytes(key);
    }
  }
}

/** The part of a loaded model that a run needs. */
export interface RunnableModel {
  sha256: string;
  predict(texts: string[], withContributions: boolean): Promise<RunOutput>;
}

/**
 * A batcher's run: the model at run time reads the texts and each answer is kept under that
 * model's SHA-256, so an answer is never filed under a model that did not give it.
 */
export function runKeepingOutputs(cache: OutputCache, model: () => RunnableModel): (texts: string[], withContributions: boolean) => Promise<RunOutput> {
  return async (texts, withContributions) => {
    const running = model();
    const output = await running.predict(texts, withContributions);
    for (let i = 0; i < texts.length; i += 1) cache.set(running.sha256, texts[i] as string, output.positive[i] as number);
    return output;
  };
}
