import { resolve } from "node:path";

/** The training data the committed model was made from: the project's own (SENTIMENT_DATA_DIR overrides). */
export const DATA_DIR = process.env.SENTIMENT_DATA_DIR ?? resolve(import.meta.dirname, "../../model/data");
