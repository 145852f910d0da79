import { describe, expect, it } from "vitest";
import { parseCacheCounts } from "./ml-cache-metrics.js";

describe("ML cache counters", () => {
  it("sum the hit and miss counters of the output cache", () => {
    const text = ["# HELP inference_cache_hits_total hits", "# TYPE inference_cache_hits_total counter", "inference_cache_hits_total{service=\"ml\"} 120", "inference_cache_misses_total{service=\"ml\"} 30", "inference_batch_size_sum 400"].join("\n");
    expect(parseCacheCounts(text)).toEqual({ hits: 120, misses: 30 });
  });

  it("are absent when the service exports no cache counters", () => {
    expect(parseCacheCounts("inference_runs_total 3\n")).toBeUndefined();
  });
});
