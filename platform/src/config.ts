// Parses a service's environment once at start-up. A wrong or missing value is a
// ConfigurationError naming the variable, thrown before anything listens; the service's main.ts
// prints it and exits 78.
import { z } from "zod";
import { ConfigurationError } from "./errors/startup.js";

export function loadConfig<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  // z.coerce.number() reads "" as 0, so `GATEWAY_PORT=` would listen on a random port and
  // `ML_OUTPUT_CACHE_ENTRIES=` turn the cache off; an empty number is refused instead.
  const shape = objectShape(schema);
  const empty = Object.keys(shape).filter((key) => isNumberSetting(shape[key] as z.ZodTypeAny) && env[key]?.trim() === "");
  const result = schema.safeParse(env);
  if (result.success && empty.length === 0) return result.data;
  const issues = [
    ...empty.map((key) => ({ setting: key, message: "is empty: give a number, or unset the variable for its default" })),
    ...(result.success ? [] : result.error.issues.map((issue) => ({ setting: issue.path.join(".") || "(environment)", message: issue.message }))).filter((issue) => !empty.includes(issue.setting)),
  ];
  const settings = issues.map((issue) => issue.setting);
  const problems = issues.map((issue) => `${issue.setting}: ${issue.message}`);
  throw new ConfigurationError([...new Set(settings)].join(", "), `invalid configuration\n${problems.map((p) => `  - ${p}`).join("\n")}`);
}

/** The settings of a service's schema: an object, perhaps under refinements of its pairs of settings. */
function objectShape(schema: z.ZodTypeAny): Record<string, z.ZodTypeAny> {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodTypeAny>;
  if (schema instanceof z.ZodEffects) return objectShape(schema.innerType());
  return {};
}

/** Whether a setting is a number, under its default, optional and refinement wrappers. */
function isNumberSetting(schema: z.ZodTypeAny): boolean {
  if (schema instanceof z.ZodNumber) return true;
  if (schema instanceof z.ZodDefault) return isNumberSetting(schema.removeDefault());
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return isNumberSetting(schema.unwrap());
  if (schema instanceof z.ZodEffects) return isNumberSetting(schema.innerType());
  return false;
}

/** 0 lets the system choose a free port (the tests do); the service reports the one it got. */
export const portSchema = z.coerce.number().int().min(0, "must be a port number 0-65535").max(65535, "must be a port number 0-65535");
export const logLevelSchema = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");
export const positiveInt = z.coerce.number().int().positive();

/** A shared secret between the gateway and one subgraph. */
export const secretSchema = z.string().min(32, "must be at least 32 characters (generate one with: openssl rand -base64 48)");

// A program that needs only configuration (the scale profile's balancer) enters the platform
// through this module (@sentiment/platform/config), which needs nothing but zod.
export { ConfigurationError, StartupError, describeStartupFailure, exitStatusFor } from "./errors/startup.js";

/** How every service stops (lifecycle.ts); part of each service's configuration. */
export const drainSettings = {
  /** after SIGTERM, how long /readyz answers 503 while connections are still accepted and served,
   *  each answer with `Connection: close`, before the service stops accepting */
  DRAIN_WINDOW_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
};
