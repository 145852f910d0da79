// How often an operation's parsed and validated document comes from Apollo Server's document
// cache. A miss parses and validates again (and, in the gateway, plans the query again), so a low
// hit rate under steady traffic means clients send documents that differ per request — variables
// inlined as literals — and every request pays for it.
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { Counter, type Registry } from "prom-client";

export function documentCacheMetricsPlugin<TContext extends BaseContext>(registry: Registry): ApolloServerPlugin<TContext> {
  const operations = new Counter({
    name: "graphql_document_cache_operations_total",
    help: "Operations resolved, by whether their document came from the document cache (hit) or was parsed and validated again (miss)",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  return {
    async requestDidStart() {
      // Apollo Server calls parsingDidStart only when the document is not in its cache.
      let parsed = false;
      return {
        async parsingDidStart() {
          parsed = true;
        },
        async didResolveOperation() {
          operations.inc({ result: parsed ? "miss" : "hit" });
        },
      };
    },
  };
}
