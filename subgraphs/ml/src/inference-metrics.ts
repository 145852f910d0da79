// The ML service's own Prometheus metrics, beside the shared HTTP ones.
import { Gauge, Histogram } from "prom-client";
import type { ServiceMetrics } from "@sentiment/platform/metrics";

export function createInferenceMetrics(metrics: ServiceMetrics) {
  const registers = [metrics.registry];
  return {
    batchSize: new Histogram({ name: "inference_batch_size", help: "Texts per model run", buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers }),
    latency: new Histogram({ name: "inference_duration_seconds", help: "Duration of one model run", buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1], registers }),
    queueDepth: new Gauge({ name: "inference_queue_depth", help: "Texts waiting for the model", registers }),
    modelInfo: new Gauge({ name: "model_info", help: "The loaded model (value is always 1)", labelNames: ["version", "sha256"] as const, registers }),
  };
}
