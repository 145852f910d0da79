// The bench's settings, from the environment, read once.
import { z } from "zod";
import type { ScenarioKey } from "./scenarios.js";

const schema = z.object({
  /** seconds of each measured cell */
  BENCH_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  /** a subset of the scenarios, e.g. "a,d" */
  BENCH_ONLY: z
    .string()
    .regex(/^\s*[a-e](\s*,\s*[a-e])*\s*$/, 'must list scenario letters a to e, e.g. "a,d"')
    .transform((v) => v.split(",").map((s) => s.trim() as ScenarioKey))
    .optional(),
  /** run the project's TypeScript sources through tsx instead of the production bundles the image runs */
  BENCH_SOURCES: z
    .enum(["1", "0", "true", "false", ""])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /** a model directory (`npm run train -- --out DIR`): adds (a) on one stack without a shadow and
   *  with this model scoring every text in shadow, to show what shadow scoring costs the answer */
  BENCH_SHADOW_MODEL: z.string().min(1).optional(),
  /** skip the vanilla Apollo baseline (quicker iterations; no ratios) */
  BENCH_SKIP_VANILLA: z
    .enum(["1", "0", "true", "false", ""])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
});

export type BenchConfig = z.infer<typeof schema>;

export function readBenchConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`bench settings: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return parsed.data;
}
