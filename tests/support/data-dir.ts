import { resolve } from "node:path";

/** The reference data set, outside the repository (SENTIMENT_DATA_DIR overrides). */
export const DATA_DIR = process.env.SENTIMENT_DATA_DIR ?? resolve(import.meta.dirname, "../../../shared/data/movie-phrases");
