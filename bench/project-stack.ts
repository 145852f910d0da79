// The project's own stack as the bench runs it: the three services of scripts/stack.ts on a
// throw-away SQLite file, 200 stored reviews. Rate limits are lifted (the bench measures the
// service, not the limiter's refusals); the rest is the image's production configuration:
// authentication, subgraph signatures, cost and depth limits, the persisted-operations allow-list.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStack } from "../scripts/stack.js";
import type { ServiceName } from "./report.js";
import { manifestDocument } from "./scenarios.js";

export interface BenchTarget {
  url: string;
  headers: Record<string, string>;
  /** the same with an admin's key (rollouts); the project's stack only */
  adminHeaders?: Record<string, string>;
  pids: Record<ServiceName, number>;
  storedIds: string[];
  /** the ML service's Prometheus text, for its cache counters */
  mlMetricsUrl?: string;
  coldStartMs: number;
  stop(): Promise<void>;
}

export async function startProjectStack(ports: { gateway: number; reviews: number; ml: number }, extraEnv: Record<string, string>, nextText: () => string): Promise<BenchTarget> {
  const stack = await startStack({
    ports,
    output: "collect",
    throwAwayKeys: true,
    env: {
      SQLITE_PATH: join(mkdtempSync(join(tmpdir(), "bench-")), "reviews.db"),
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_CALLER: "100000000",
      RATE_LIMIT_PER_ADDRESS: "100000000",
      // As in the image: production mode, so only manifest operations run and anonymous calls are refused.
      NODE_ENV: "production",
      ...extraEnv,
    },
  });
  const headers = { "content-type": "application/json", authorization: `Bearer ${stack.keys.writer}` };
  const storedIds: string[] = [];
  try {
    for (let i = 0; i < 200; i += 1) {
      const response = await fetch(stack.gatewayUrl, { method: "POST", headers, body: JSON.stringify({ query: manifestDocument("SubmitReview"), variables: { text: nextText() } }) });
      const answer = (await response.json()) as { data?: { submitReview?: { id: string } }; errors?: Array<{ message: string }> };
      const id = answer.data?.submitReview?.id;
      if (!id) throw new Error(`seeding a review failed: ${answer.errors?.map((e) => e.message).join("; ") ?? response.status}`);
      storedIds.push(id);
    }
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const pid = (name: ServiceName) => {
    const value = stack.services.get(name)?.process.pid;
    if (value === undefined) throw new Error(`the ${name} service has no process id`);
    return value;
  };
  return {
    url: stack.gatewayUrl,
    headers,
    adminHeaders: { ...headers, authorization: `Bearer ${stack.keys.admin}` },
    pids: { gateway: pid("gateway"), reviews: pid("reviews"), ml: pid("ml") },
    storedIds,
    mlMetricsUrl: stack.metricsUrls.ml,
    coldStartMs: stack.coldStartMs,
    stop: () => stack.stop(),
  };
}
