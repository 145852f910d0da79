// Hits and misses of the ML service's output cache, read from its Prometheus text (the counters
// of subgraphs/ml/src/inference-metrics.ts).
import { metricValue } from "../scripts/prometheus-text.js";

const HITS = "inference_cache_hits_total";
const MISSES = "inference_cache_misses_total";

export interface CacheCounts {
  hits: number;
  misses: number;
}

/** Undefined when the service exports neither counter (a renamed counter shows as absent). */
export function parseCacheCounts(prometheusText: string): CacheCounts | undefined {
  const hits = metricValue(prometheusText, HITS);
  const misses = metricValue(prometheusText, MISSES);
  if (hits === undefined && misses === undefined) return undefined;
  return { hits: hits ?? 0, misses: misses ?? 0 };
}

export async function readCacheCounts(metricsUrl: string): Promise<CacheCounts | undefined> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? parseCacheCounts(await response.text()) : undefined;
  } catch {
    // The figure is an annotation of the cell: without it the row says nothing about the cache.
    return undefined;
  }
}
