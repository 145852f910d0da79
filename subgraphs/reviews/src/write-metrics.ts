// The reviews service's own Prometheus metrics, beside the shared HTTP ones.
import { Counter } from "prom-client";
import type { ServiceMetrics } from "@sentiment/platform";
import type { KeyedWrite } from "./store/review-store.js";

export type WriteOperation = "submitReview" | "deleteReview";

/** Counts keyed writes by outcome: `repeated` is a retry or a replay answered with its first
 *  result (nothing written), `conflict` an idempotency key reused for another write. */
export function createWriteMetrics(metrics: ServiceMetrics): (operation: WriteOperation, outcome: KeyedWrite<unknown>["outcome"]) => void {
  const writes = new Counter({
    name: "review_writes_total",
    help: "Writes by operation and outcome: written, repeated (answered with the first result, nothing written) or conflict (IDEMPOTENCY_KEY_REUSED)",
    labelNames: ["operation", "outcome"] as const,
    registers: [metrics.registry],
  });
  return (operation, outcome) => writes.inc({ operation, outcome });
}

/** Counts feedback refused because its caller keeps FEEDBACK_MAX_PER_CALLER rows already. */
export function createFeedbackQuotaMetric(metrics: ServiceMetrics): () => void {
  const refused = new Counter({
    name: "feedback_quota_refusals_total",
    help: "submitFeedback calls refused with QUOTA_EXCEEDED: the caller keeps FEEDBACK_MAX_PER_CALLER feedback rows already",
    registers: [metrics.registry],
  });
  return () => refused.inc();
}
