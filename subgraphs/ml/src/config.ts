// The ML service's configuration, from the environment.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { logLevelSchema, portSchema, positiveInt, secretSchema } from "@sentiment/platform";

const COMMITTED_MODEL = resolve(dirname(fileURLToPath(import.meta.url)), "../../../model/artifacts/sentiment.onnx");

export const mlConfigSchema = z.object({
  ML_PORT: portSchema.default(4002),
  ML_HOST: z.string().min(1).default("127.0.0.1"),
  /** Prometheus metrics on their own port, never the GraphQL one */
  ML_METRICS_PORT: portSchema.default(9466),
  ML_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  MODEL_PATH: z.string().min(1).default(COMMITTED_MODEL),
  /** how long the first text waits for company, in ms; 0 = only the current tick (texts that
   *  arrive while a run is under way still form the next batch) */
  BATCH_WINDOW_MS: z.coerce.number().min(0).max(100).default(0),
  /** texts per model run; bounds how long one run holds the event loop */
  // 128 covers the largest page (100 reviews) and the largest analyzeReviews call (100 texts): one
  // _entities call is one model run.
  MAX_BATCH: positiveInt.max(1024).default(128),
  /** characters per model run (one longer text runs alone): bounds a run's time and memory when texts are long */
  MAX_BATCH_CHARS: positiveInt.default(10_000),
  /** texts waiting for the model; beyond it requests fail at once with OVERLOADED */
  // At least the model inputs of the largest request the cost limit admits, so that one can run on
  // an idle service: analyzeReviews of 100 and of 99 texts selecting only mixed (cost 4,977 of
  // 5,000), each text and its up to 64 sentences, 199 × 65 = 12,935 inputs.
  MAX_QUEUE: positiveInt.default(16_384),
  MAX_TEXT_CHARS: positiveInt.default(20_000),
  /** texts whose model answer is kept (least recently used leave first); 0 turns the cache off */
  ML_OUTPUT_CACHE_ENTRIES: z.coerce.number().int().min(0).default(50_000),
  /** approximate heap the cache may hold, in MiB; texts over 256 characters are kept by their SHA-256, so an entry is at most about 600 bytes */
  ML_OUTPUT_CACHE_MB: z.coerce.number().positive().default(32),
  MAX_BODY_BYTES: positiveInt.default(4_194_304),
  /** shared with the gateway only; `npm start` generates one per run */
  SUBGRAPH_SECRET: secretSchema,
  LOG_LEVEL: logLevelSchema,
});

export type MlConfig = z.infer<typeof mlConfigSchema>;
