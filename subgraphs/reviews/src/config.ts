// The reviews service's configuration, from the environment.
import { z } from "zod";
import { logLevelSchema, portSchema, positiveInt, secretSchema } from "@sentiment/platform";
import { API_LIMITS, LARGEST_LEGAL_BODY_BYTES } from "@sentiment/schema";

export const reviewsConfigSchema = z.object({
  REVIEWS_PORT: portSchema.default(4001),
  REVIEWS_HOST: z.string().min(1).default("127.0.0.1"),
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
  /** shared with the gateway only; `npm start` generates one per run */
  SUBGRAPH_SECRET: secretSchema,
  LOG_LEVEL: logLevelSchema,
});

export type ReviewsConfig = z.infer<typeof reviewsConfigSchema>;
