// Persisted operations: the manifest that `npm run codegen` writes (sha256 → document) is loaded
// into the automatic-persisted-query cache, so generated clients may send only a hash; in
// allow-list mode (default in production) any other operation is refused.
import { readFileSync } from "node:fs";
import type { ApolloServerPlugin } from "@apollo/server";
import { InMemoryLRUCache, type KeyValueCache } from "@apollo/utils.keyvaluecache";
import { GraphQLError } from "graphql";

const APQ_PREFIX = "apq:";

export function loadManifest(path: string): Map<string, string> {
  const raw = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  const operations = new Map<string, string>();
  for (const [key, document] of Object.entries(raw)) {
    const hash = key.replace(/^sha256:/, "");
    if (!/^[0-9a-f]{64}$/.test(hash) || typeof document !== "string") throw new Error(`entry "${key.slice(0, 80)}" is not a sha256 hash and a document`);
    operations.set(hash, document);
  }
  return operations;
}

/** The APQ cache: manifest entries are permanent, registrations by clients go to a bounded LRU. */
export function persistedQueryCache(manifest: Map<string, string>): KeyValueCache<string> {
  const registered = new InMemoryLRUCache<string>({ maxSize: 8 * 1024 * 1024 });
  return {
    async get(key) {
      return (key.startsWith(APQ_PREFIX) ? manifest.get(key.slice(APQ_PREFIX.length)) : undefined) ?? registered.get(key);
    },
    async set(key, value, options) {
      if (key.startsWith(APQ_PREFIX) && manifest.has(key.slice(APQ_PREFIX.length))) return;
      await registered.set(key, value, options);
    },
    async delete(key) {
      await registered.delete(key);
    },
  };
}

export function allowListPlugin(manifest: Map<string, string>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash }) {
          if (!manifest.has(queryHash)) {
            throw new GraphQLError("This server runs only the operations of its persisted-operations manifest", {
              extensions: { code: "OPERATION_NOT_ALLOWED", http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
