// Every request counted by route and status, and timed by route, whatever the outcome.
import type { ServiceMetrics } from "../metrics.js";
import type { RouteName } from "./routing.js";

/** Starts the clock; call the result once, when the answer is written. */
export function startRequestTimer(metrics: ServiceMetrics): (route: RouteName, status: number) => void {
  const started = process.hrtime.bigint();
  return (route, status) => {
    metrics.requests.inc({ route, status: String(status) });
    metrics.latency.observe({ route }, Number(process.hrtime.bigint() - started) / 1e9);
  };
}
