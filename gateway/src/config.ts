// The gateway's configuration, from the environment.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { drainSettings, logLevelSchema, portSchema, positiveInt, secretSchema } from "@sentiment/platform";
import { parseTrustedProxies } from "./client-address.js";
import { LARGEST_LEGAL_BODY_BYTES } from "@sentiment/schema";

const COMMITTED_SUPERGRAPH = resolve(dirname(fileURLToPath(import.meta.url)), "../../schema/supergraph.graphql");
const GENERATED_MANIFEST = resolve(dirname(fileURLToPath(import.meta.url)), "../../client/generated/persisted-documents.json");
const BUILT_TRY_PAGE = resolve(dirname(fileURLToPath(import.meta.url)), "../../dist/try");
const httpUrl = z.string().url().regex(/^https?:\/\//, "must be an http:// or https:// URL");
const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const gatewayConfigSchema = z
  .object({
  GATEWAY_PORT: portSchema.default(4000),
  GATEWAY_HOST: z.string().min(1).default("127.0.0.1"),
  /** Prometheus metrics on their own port, off the public one */
  METRICS_PORT: portSchema.default(9464),
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** how often the subgraphs' readiness is probed for the subgraph_up metric */
  SUBGRAPH_PROBE_INTERVAL_MS: positiveInt.min(100).max(600_000).default(5_000),
  SUPERGRAPH_PATH: z.string().min(1).default(COMMITTED_SUPERGRAPH),
  REVIEWS_URL: httpUrl.default("http://127.0.0.1:4001/graphql"),
  ML_URL: httpUrl.default("http://127.0.0.1:4002/graphql"),
  REVIEWS_TIMEOUT_MS: positiveInt.max(120_000).default(5_000),
  ML_TIMEOUT_MS: positiveInt.max(120_000).default(3_000),
  /** by default the largest legal request (the most texts of the most characters): the schema's limits are what refuses a request, not its size */
  MAX_BODY_BYTES: positiveInt.default(LARGEST_LEGAL_BODY_BYTES),
  /** gateway processes sharing the port; query planning and result merging are CPU-bound */
  GATEWAY_WORKERS: positiveInt.max(64).default(1),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: logLevelSchema,
  /** secrets shared with each subgraph; `npm start` generates them per run */
  REVIEWS_SECRET: secretSchema,
  ML_SECRET: secretSchema,
  API_KEYS_PATH: z.string().min(1).default("data/api-keys.json"),
  /** unset: allowed in development, denied in production */
  ALLOW_ANONYMOUS: flag.optional(),
  JWT_JWKS_URL: httpUrl.optional(),
  /** a PEM public key or a public JWK (JSON); the key's type decides the accepted algorithms */
  JWT_PUBLIC_KEY: z
    .string()
    .refine((v) => v.includes("BEGIN PUBLIC KEY") || v.trim().startsWith("{"), "must be a PEM public key (-----BEGIN PUBLIC KEY-----) or a JWK (JSON)")
    .optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  /** unset: on in development, off in production */
  INTROSPECTION: flag.optional(),
  MAX_DEPTH: positiveInt.max(100).default(12),
  MAX_ALIASES: positiveInt.max(1000).default(15),
  MAX_TOKENS: positiveInt.max(100_000).default(3000),
  MAX_DIRECTIVES: positiveInt.max(1000).default(20),
  MAX_COST: positiveInt.default(5000),
  RATE_LIMIT_PER_CALLER: positiveInt.default(1200),
  RATE_LIMIT_PER_ADDRESS: positiveInt.default(3000),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt.max(3600).default(60),
  /** failed authentications per address and window; beyond it that address's further failures
   *  are answered late (AUTH_FAILURE_DELAY_MS), with 429; valid credentials are never affected */
  RATE_LIMIT_AUTH_FAILURES: positiveInt.default(30),
  /** failures of one presented credential per window; beyond it its failures get 429 instead of 401 */
  RATE_LIMIT_AUTH_FAILURES_PER_CREDENTIAL: positiveInt.default(10),
  AUTH_FAILURE_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** proxies whose forwarding header is believed (comma-separated CIDR ranges or addresses) */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((text, ctx) => {
      try {
        return parseTrustedProxies(text);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${(error as Error).message}; expected a comma-separated list of CIDR ranges or addresses` });
        return z.NEVER;
      }
    }),
  TRUSTED_PROXY_HEADER: z.enum(["x-forwarded-for", "forwarded"]).default("x-forwarded-for"),
  PERSISTED_DOCUMENTS_PATH: z.string().min(1).default(GENERATED_MANIFEST),
  /** unset: on in production (only manifest operations run), off in development */
  PERSISTED_OPERATIONS_ONLY: flag.optional(),
  /** unset: on in development, off in production */
  EXPLORER: flag.optional(),
  /** the built try-it page served at /try (npm run build, npm start and the image build it) */
  TRY_PAGE_DIR: z.string().min(1).default(BUILT_TRY_PAGE),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").optional(),
  /** a Redis command slower than this counts as no answer: limits fall back to this instance */
  REDIS_COMMAND_TIMEOUT_MS: positiveInt.max(5_000).default(50),
  ...drainSettings,
  })
  .refine((c) => !(c.JWT_JWKS_URL && c.JWT_PUBLIC_KEY), { message: "set JWT_JWKS_URL or JWT_PUBLIC_KEY, not both", path: ["JWT_PUBLIC_KEY"] })
  .transform((c) => ({
    ...c,
    ALLOW_ANONYMOUS: c.ALLOW_ANONYMOUS ?? c.NODE_ENV !== "production",
    INTROSPECTION: c.INTROSPECTION ?? c.NODE_ENV !== "production",
    PERSISTED_OPERATIONS_ONLY: c.PERSISTED_OPERATIONS_ONLY ?? c.NODE_ENV === "production",
    EXPLORER: c.EXPLORER ?? c.NODE_ENV !== "production",
  }));

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
