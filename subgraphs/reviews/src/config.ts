// The reviews service's configuration, from the environment.
import { z } from "zod";
import { logLevelSchema, portSchema, positiveInt, secretSchema } from "@sentiment/platform";
import { API_LIMITS, LARGEST_LEGAL_BODY_BYTES } from "@sentiment/schema";

export const reviewsConfigSchema = z
  .object({
  REVIEWS_PORT: portSchema.default(4001),
  REVIEWS_HOST: z.string().min(1).default("127.0.0.1"),
  /** Prometheus metrics on their own port, never the GraphQL one */
  REVIEWS_METRICS_PORT: portSchema.default(9465),
  REVIEWS_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  SQLITE_PATH: z.string().min(1).default("data/reviews.db"),
  DATABASE_POOL_SIZE: positiveInt.max(100).default(10),
  // The schema declares the largest page (and prices pages by it): a setting may lower it, never raise it.
  MAX_PAGE_SIZE: positiveInt.max(API_LIMITS.reviewsPage.max).default(API_LIMITS.reviewsPage.max),
  /** the gateway forwards analyzeReviews' texts here: at least the gateway's own limit */
  MAX_BODY_BYTES: positiveInt.default(LARGEST_LEGAL_BODY_BYTES),
  /** how long a client's idempotencyKey answers with its first result (a retry after this writes again) */
  IDEMPOTENCY_KEY_TTL_HOURS: positiveInt.max(720).default(24),
  /** shared with the gateway only; `npm start` generates one per run */
  SUBGRAPH_SECRET: secretSchema,
  /** the ML subgraph, which scores a text when feedback on it is stored (unset: feedback is refused) */
  ML_URL: z.string().url().optional(),
  /** the ML subgraph's SUBGRAPH_SECRET: this service signs its scoring calls as the gateway does */
  ML_SECRET: secretSchema.optional(),
  ML_TIMEOUT_MS: positiveInt.max(60_000).default(5_000),
  /** feedback rows one caller may keep (a reader's key must not fill the disk); past it, feedback
   *  on a new text is refused with QUOTA_EXCEEDED while feedback on a kept text still replaces it */
  FEEDBACK_MAX_PER_CALLER: positiveInt.max(10_000_000).default(1_000),
  LOG_LEVEL: logLevelSchema,
  })
  .refine((c) => (c.ML_URL === undefined) === (c.ML_SECRET === undefined), { message: "ML_URL and ML_SECRET are set together or not at all", path: ["ML_SECRET"] });

export type ReviewsConfig = z.infer<typeof reviewsConfigSchema>;
