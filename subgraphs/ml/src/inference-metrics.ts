// The ML service's own Prometheus metrics, beside the shared HTTP ones.
import { Counter, Gauge, Histogram } from "prom-client";
import type { ServiceMetrics } from "@sentiment/platform";
import type { OutputCache } from "./inference/output-cache.js";

export function createInferenceMetrics(metrics: ServiceMetrics) {
  const registers = [metrics.registry];
  return {
    batchSize: new Histogram({ name: "inference_batch_size", help: "Texts per model run", buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers }),
    latency: new Histogram({ name: "inference_duration_seconds", help: "Duration of one model run", buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1], registers }),
    queueDepth: new Gauge({ name: "inference_queue_depth", help: "Texts waiting for the model", registers }),
    queueCallers: new Gauge({ name: "inference_queue_callers", help: "Callers with texts waiting for the model (they share it equally)", registers }),
    queueWait: new Histogram({
      name: "inference_queue_wait_seconds",
      help: "Per request: time from its first text's arrival to the start of the run that took its last text, by the request's number of texts",
      labelNames: ["texts"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    splitRequests: new Counter({ name: "inference_split_requests_total", help: "Requests whose texts were read in more than one run (the run size limits bit)", registers }),
    abandonedTexts: new Counter({ name: "inference_abandoned_texts_total", help: "Texts dropped unread because the gateway closed their request's connection (its deadline passed)", registers }),
    sentenceLimitRefusals: new Counter({ name: "inference_sentence_limit_refusals_total", help: "Texts refused because sentence analysis was asked for and they have more sentences than it takes", registers }),
    modelInfo: new Gauge({ name: "model_info", help: "The loaded model (value is always 1)", labelNames: ["version", "sha256"] as const, registers }),
  };
}

/** The texts label of inference_queue_wait_seconds: a few ranges, so that small requests can be told from batches. */
export function textsLabel(texts: number): "1" | "2-10" | "11-100" | "over 100" {
  return texts === 1 ? "1" : texts <= 10 ? "2-10" : texts <= 100 ? "11-100" : "over 100";
}

/**
 * The output cache's counters, read from the cache when scraped: counting in plain fields keeps
 * prom-client out of the per-text path. Hit rate = hits / (hits + misses).
 */
export function registerOutputCacheMetrics(metrics: ServiceMetrics, cache: Pick<OutputCache, "hits" | "misses" | "size" | "approximateBytes">): void {
  const registers = [metrics.registry];
  new Counter({
    name: "inference_cache_hits_total",
    help: "Texts answered from the model output cache",
    registers,
    collect() {
      this.reset();
      this.inc(cache.hits);
    },
  });
  new Counter({
    name: "inference_cache_misses_total",
    help: "Texts looked up in the model output cache and not found",
    registers,
    collect() {
      this.reset();
      this.inc(cache.misses);
    },
  });
  new Gauge({ name: "inference_cache_entries", help: "Texts in the model output cache", registers, collect() { this.set(cache.size); } });
  new Gauge({ name: "inference_cache_bytes", help: "Approximate heap bytes of the model output cache", registers, collect() { this.set(cache.approximateBytes); } });
}
