// Which of a service's own endpoints a path names. Custom routes (the explorer) are asked between
// the operational endpoints and GraphQL, so they can neither shadow a probe nor be shadowed by /.

/** The label a request carries in the metrics. */
export type RouteName = "healthz" | "readyz" | "metrics" | "page" | "graphql" | "other";

/** The operational endpoint at `pathname`, or null when it is none of them. */
export function operationalRoute(pathname: string, serveMetrics: boolean): "healthz" | "readyz" | "metrics" | null {
  if (pathname === "/healthz") return "healthz";
  if (pathname === "/readyz") return "readyz";
  if (pathname === "/metrics" && serveMetrics) return "metrics";
  return null;
}

export function isGraphqlPath(pathname: string): boolean {
  return pathname === "/graphql" || pathname === "/";
}
