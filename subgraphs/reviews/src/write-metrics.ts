// The reviews service's own Prometheus metrics, beside the shared HTTP ones.
import { Counter, Gauge } from "prom-client";
import type { ServiceMetrics } from "@sentiment/platform";
import type { VersionAgreement } from "./feedback/feedback-store.js";
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

/**
 * Feedback agreement per model version, read from the store when scraped: one grouped count over
 * the feedback table (its index is by model version), so it costs the scrape, not the requests.
 * A database that does not answer leaves the figures out of that scrape.
 */
export function registerFeedbackAgreementMetrics(metrics: ServiceMetrics, agreement: () => Promise<VersionAgreement[]>): void {
  let last: Promise<VersionAgreement[]> | null = null;
  // Both gauges read one query per scrape.
  const read = () => (last ??= agreement().catch(() => []).finally(() => setTimeout(() => (last = null), 0)));
  new Gauge({
    name: "feedback_by_model_version",
    help: "Feedback rows per model version that scored their text",
    labelNames: ["model_version"] as const,
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const row of await read()) this.set({ model_version: row.modelVersion }, Number(row.count));
    },
  });
  new Gauge({
    name: "feedback_agreement",
    help: "Share of the feedback on a model version's answers whose label is the model's",
    labelNames: ["model_version"] as const,
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const row of await read()) if (Number(row.count) > 0) this.set({ model_version: row.modelVersion }, Number(row.agreeing) / Number(row.count));
    },
  });
}
