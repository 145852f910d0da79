// The gateway's configuration, from the environment.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { logLevelSchema, portSchema, positiveInt } from "@sentiment/platform/config";

const COMMITTED_SUPERGRAPH = resolve(dirname(fileURLToPath(import.meta.url)), "../../schema/supergraph.graphql");
const httpUrl = z.string().url().regex(/^https?:\/\//, "must be an http:// or https:// URL");

export const gatewayConfigSchema = z.object({
  GATEWAY_PORT: portSchema.default(4000),
  GATEWAY_HOST: z.string().min(1).default("127.0.0.1"),
  SUPERGRAPH_PATH: z.string().min(1).default(COMMITTED_SUPERGRAPH),
  REVIEWS_URL: httpUrl.default("http://127.0.0.1:4001/graphql"),
  ML_URL: httpUrl.default("http://127.0.0.1:4002/graphql"),
  REVIEWS_TIMEOUT_MS: positiveInt.max(120_000).default(5_000),
  ML_TIMEOUT_MS: positiveInt.max(120_000).default(3_000),
  MAX_BODY_BYTES: positiveInt.default(262_144),
  /** gateway processes sharing the port; query planning and result merging are CPU-bound */
  GATEWAY_WORKERS: positiveInt.max(64).default(1),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: logLevelSchema,
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
