// The balancer's configuration, from the environment.
import { z } from "zod";
import { portSchema, positiveInt } from "@sentiment/platform/config";

export const balancerConfigSchema = z.object({
  LISTEN_HOST: z.string().min(1).default("0.0.0.0"),
  LISTEN_PORT: portSchema.default(4000),
  /** a DNS name with one address per replica (compose's service name) */
  BACKEND_HOST: z.string().min(1),
  BACKEND_PORT: portSchema.default(4000),
  /** a backend takes connections while GET of this path answers 200 */
  READY_PATH: z.string().startsWith("/").default("/readyz"),
  /** how often DNS is asked again: a new replica is found within this time */
  RESOLVE_INTERVAL_MS: positiveInt.min(100).max(60_000).default(1_000),
  /** how often each backend's readiness is checked */
  CHECK_INTERVAL_MS: positiveInt.min(100).max(60_000).default(1_000),
  /** a connection attempt (and a readiness check) slower than this moves on to the next backend */
  CONNECT_TIMEOUT_MS: positiveInt.max(30_000).default(1_000),
  /** on SIGTERM, how long open connections may go on before they are closed */
  DRAIN_MS: positiveInt.max(120_000).default(10_000),
});

export type BalancerConfig = z.infer<typeof balancerConfigSchema>;
