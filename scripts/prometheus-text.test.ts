import { describe, expect, it } from "vitest";
import { metricSum, metricValue } from "./prometheus-text.js";

const exposition = `# HELP http_requests_total HTTP requests served
# TYPE http_requests_total counter
http_requests_total{route="graphql",status="200",service="ml"} 120
http_requests_total{route="graphql",status="429",service="ml"} 7
http_requests_total{route="readyz",status="200",service="ml"} 40
http_requests_total_created{route="graphql",status="200"} 1700000000
inference_queue_depth{service="ml"} 3
`;

describe("metricSum", () => {
  it("adds the samples whose labels include the ones asked for", () => {
    expect(metricSum(exposition, "http_requests_total", { status: "200" })).toBe(160);
    expect(metricSum(exposition, "http_requests_total", { route: "graphql", status: "200" })).toBe(120);
  });

  it("reads a metric by its whole name, not a prefix of another", () => {
    expect(metricSum(exposition, "http_requests_total")).toBe(167);
  });

  it("is 0 for a metric or label value that is not there", () => {
    expect(metricSum(exposition, "inference_batch_size_count")).toBe(0);
    expect(metricSum(exposition, "http_requests_total", { status: "500" })).toBe(0);
  });

  it("is told apart from a metric that is not there by metricValue, which answers undefined", () => {
    expect(metricValue(exposition, "inference_batch_size_count")).toBeUndefined();
    expect(metricValue(exposition, "inference_queue_depth")).toBe(3);
  });
});
