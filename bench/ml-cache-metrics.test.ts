import { describe, expect, it } from "vitest";
import { parseCacheCounts } from "./ml-cache-metrics.js";

describe("ML cache counters", () => {
  it("sum the hit and miss counters of the output cache", () => {
    const text = ["# HELP ml_output_cache_hits_total hits", "# TYPE ml_output_cache_hits_total counter", "ml_output_cache_hits_total 120", "ml_output_cache_misses_total 30", "inference_batch_size_sum 400"].join("\n");
    expect(parseCacheCounts(text)).toEqual({ hits: 120, misses: 30 });
  });

  it("are absent when the service exports no cache counters", () => {
    expect(parseCacheCounts("inference_runs_total 3\n")).toBeUndefined();
  });
});
