// Persisted operations: the manifest that `npm run codegen` writes (sha256 → document) is loaded
// into the automatic-persisted-query cache, so generated clients may send only a hash; in
// allow-list mode (default in production) any other operation is refused.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ApolloServerPlugin } from "@apollo/server";
import { InMemoryLRUCache, type KeyValueCache } from "@apollo/utils.keyvaluecache";
import { operationNotAllowed, persistedQueryHashMismatch, persistedQueryUnsupported, type Refusal } from "@sentiment/platform";

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
            throw operationNotAllowed();
          }
        },
      };
    },
  };
}

/** A persisted-query request that Apollo Server would answer without an error code, which the
 *  mask would turn into an internal error: another version than 1, a hash that is not a
 *  string, or a document sent with a hash that is not its own. Checked here first, with stable
 *  codes and messages that say what to send. */
export function persistedQueryRefusal(body: unknown, url: URL): Refusal | null {
  let query: unknown;
  let extensions: unknown;
  if (body !== undefined) {
    if (typeof body !== "object" || body === null) return null;
    ({ query, extensions } = body as { query?: unknown; extensions?: unknown });
  } else {
    query = url.searchParams.get("query") ?? undefined;
    try {
      extensions = JSON.parse(url.searchParams.get("extensions") ?? "null");
    } catch {
      // Not this check's to answer: Apollo Server reports unreadable extensions itself.
      return null;
    }
  }
  if (typeof extensions !== "object" || extensions === null || !("persistedQuery" in extensions)) return null;
  const persisted = (extensions as { persistedQuery: unknown }).persistedQuery;
  if (typeof persisted !== "object" || persisted === null) return persistedQueryUnsupported("extensions.persistedQuery is not an object");
  const { version, sha256Hash: hash } = persisted as { version?: unknown; sha256Hash?: unknown };
  if (version !== 1) return persistedQueryUnsupported(`persistedQuery.version ${JSON.stringify(version ?? null)} is not supported`);
  if (typeof hash !== "string") return persistedQueryUnsupported("persistedQuery.sha256Hash is missing or not a string");
  if (typeof query !== "string") return null;
  if (createHash("sha256").update(query).digest("hex") === hash) return null;
  return persistedQueryHashMismatch();
}
