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
    modelInfo: new Gauge({ name: "model_info", help: "The loaded model (value is always 1)", labelNames: ["version", "sha256"] as const, registers }),
  };
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
