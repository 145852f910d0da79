// The ML service's own Prometheus metrics, beside the shared HTTP ones.
import { Counter, Gauge, Histogram } from "prom-client";
import type { ServiceMetrics } from "@sentiment/platform";
import type { OutputCache } from "./inference/output-cache.js";
import type { VersionView } from "./model/served-models.js";

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
    modelInfo: new Gauge({ name: "model_info", help: "The serving model (value is always 1)", labelNames: ["version", "sha256"] as const, registers }),
    versionRunDuration: new Histogram({
      name: "model_version_run_duration_seconds",
      help: "Duration of one model run, per model version, answering requests or scoring in shadow",
      labelNames: ["version", "path"] as const,
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers,
    }),
    shadowDifference: new Histogram({
      name: "model_shadow_probability_difference",
      help: "Per text scored in shadow: |P(positive) of the shadow version - P(positive) the serving model answered|",
      labelNames: ["version"] as const,
      buckets: [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8],
      registers,
    }),
  };
}

/**
 * Per model version, read from the live figures when scraped (counting in plain fields keeps
 * prom-client out of the per-text path): texts answered, shadow comparisons and label flips,
 * texts shed, and the version's mode and share. Shadow agreement = 1 - flips / compared.
 */
export function registerRolloutMetrics(metrics: ServiceMetrics, versions: () => VersionView[]): void {
  const registers = [metrics.registry];
  const counter = (name: string, help: string, value: (v: VersionView) => number) =>
    new Counter({
      name,
      help,
      labelNames: ["version"] as const,
      registers,
      collect() {
        this.reset();
        for (const view of versions()) this.inc({ version: view.model.version }, value(view));
      },
    });
  counter("model_version_texts_total", "Texts answered by each model version (a Sentiment each; shadow scoring not counted)", (v) => v.figures.answers);
  counter("model_shadow_compared_total", "Texts a shadow version scored and compared with the serving model's answer", (v) => v.figures.shadowCompared);
  counter("model_shadow_label_flips_total", "Texts a shadow version labelled otherwise than the serving model did", (v) => v.figures.shadowFlips);
  counter("model_shadow_shed_total", "Texts not scored in shadow because shadow work was shed (its queue was full)", (v) => v.figures.shadowShed);
  new Gauge({
    name: "model_shadow_agreement",
    help: "Share of the texts a version scored in shadow that it labelled as the serving model did (absent before its first comparison)",
    labelNames: ["version"] as const,
    registers,
    collect() {
      this.reset();
      for (const { model, figures } of versions()) if (figures.shadowCompared > 0) this.set({ version: model.version }, 1 - figures.shadowFlips / figures.shadowCompared);
    },
  });
  new Gauge({
    name: "model_version_share",
    help: "Each loaded version's rollout mode and share in percent: of callers for SERVING and CANARY, of the serving model's texts for SHADOW, 0 for RETIRED",
    labelNames: ["version", "mode"] as const,
    registers,
    collect() {
      this.reset();
      for (const view of versions()) this.set({ version: view.model.version, mode: view.mode }, view.share);
    },
  });
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
