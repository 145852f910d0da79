// Parses a service's environment once at start-up. A wrong or missing value stops the
// process with a message that names the variable, before anything listens.
import { z } from "zod";

export class ConfigError extends Error {
  constructor(readonly service: string, readonly problems: string[]) {
    super(`${service}: invalid configuration\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseConfig<S extends z.ZodTypeAny>(service: string, schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`);
  throw new ConfigError(service, problems);
}

/** Loads configuration or exits with status 78 (EX_CONFIG) and the reasons on stderr. */
export function loadConfigOrExit<S extends z.ZodTypeAny>(service: string, schema: S): z.infer<S> {
  try {
    return parseConfig(service, schema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

export const portSchema = z.coerce.number().int().min(1, "must be a port number 1-65535").max(65535, "must be a port number 1-65535");
export const logLevelSchema = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");
export const positiveInt = z.coerce.number().int().positive();

/** A shared secret between the gateway and one subgraph. */
export const secretSchema = z.string().min(32, "must be at least 32 characters (generate one with: openssl rand -base64 48)");
