// The ML service's configuration, from the environment.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { logLevelSchema, portSchema, positiveInt, secretSchema } from "@sentiment/platform";

const COMMITTED_MODEL = resolve(dirname(fileURLToPath(import.meta.url)), "../../../model/artifacts/sentiment.onnx");

export const mlConfigSchema = z
  .object({
  ML_PORT: portSchema.default(4002),
  ML_HOST: z.string().min(1).default("127.0.0.1"),
  /** Prometheus metrics on their own port, never the GraphQL one */
  ML_METRICS_PORT: portSchema.default(9466),
  ML_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** the model that serves when the rollout state names no serving version (and the only one without MODEL_DIR) */
  MODEL_PATH: z.string().min(1).default(COMMITTED_MODEL),
  /** a directory of model directories (each an ONNX file with its manifest.json): candidates for a rollout */
  MODEL_DIR: z.string().min(1).optional(),
  /** the reviews service's GraphQL URL, where the rollout state is read (unset: MODEL_PATH's model serves alone) */
  ROLLOUT_URL: z.string().url().optional(),
  /** the reviews service's SUBGRAPH_SECRET: the reads of the rollout state are signed with it */
  ROLLOUT_SECRET: secretSchema.optional(),
  /** how often every replica reads the rollout state, in ms: a change reaches them all within about this */
  ROLLOUT_POLL_MS: positiveInt.min(100).max(60_000).default(2_000),
  ROLLOUT_TIMEOUT_MS: positiveInt.max(60_000).default(2_000),
  /** texts waiting for shadow scoring; past it texts are not shadow-scored (shadow work is shed first) */
  SHADOW_MAX_QUEUE: positiveInt.max(1_000_000).default(2_048),
  /** texts per shadow run: small, so that a request arriving during one waits little */
  SHADOW_MAX_BATCH: positiveInt.max(1024).default(32),
  /** the most of wall time shadow runs may take, 0–1 (0.25: a quarter of one core at most); what
   *  it cannot score waits in SHADOW_MAX_QUEUE and past it is shed */
  SHADOW_MAX_TIME_SHARE: z.coerce.number().gt(0).max(1).default(0.25),
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
  })
  .refine((c) => (c.ROLLOUT_URL === undefined) === (c.ROLLOUT_SECRET === undefined), { message: "ROLLOUT_URL and ROLLOUT_SECRET are set together or not at all", path: ["ROLLOUT_SECRET"] });

export type MlConfig = z.infer<typeof mlConfigSchema>;
