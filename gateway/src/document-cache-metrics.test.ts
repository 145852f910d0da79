import { ApolloServer } from "@apollo/server";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { documentCacheMetricsPlugin } from "./document-cache-metrics.js";

// Apollo Server builds the schema itself, with its own copy of graphql.
const typeDefs = "type Query { hello(name: String): String }";
const resolvers = { Query: { hello: (_: unknown, args: { name?: string }) => `hello ${args.name ?? ""}` } };

async function counts(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric("graphql_document_cache_operations_total")?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [String(v.labels.result), v.value]));
}

describe("the document cache metric", () => {
  it("counts the first sight of a document as a miss and the same document again as a hit", async () => {
    const registry = new Registry();
    const server = new ApolloServer({ typeDefs, resolvers, plugins: [documentCacheMetricsPlugin(registry)] });
    await server.start();
    const query = "query ($n: String) { hello(name: $n) }";
    await server.executeOperation({ query, variables: { n: "a" } });
    await server.executeOperation({ query, variables: { n: "b" } });
    await server.executeOperation({ query, variables: { n: "c" } });
    expect(await counts(registry)).toEqual({ miss: 1, hit: 2 });
    await server.stop();
  });

  it("counts a document with its values inlined as a miss every time", async () => {
    const registry = new Registry();
    const server = new ApolloServer({ typeDefs, resolvers, plugins: [documentCacheMetricsPlugin(registry)] });
    await server.start();
    await server.executeOperation({ query: '{ hello(name: "a") }' });
    await server.executeOperation({ query: '{ hello(name: "b") }' });
    expect(await counts(registry)).toEqual({ miss: 2 });
    await server.stop();
  });
});
