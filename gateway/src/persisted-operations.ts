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
    const hash = key.startsWith(MANIFEST_ID_PREFIX) ? key.slice(MANIFEST_ID_PREFIX.length) : key;
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

// The manifest names each operation `sha256:<hex>` (codegen's id format, what a reader copies
// from the file); Apollo's automatic persisted queries send the bare hex. Both are accepted: the
// prefix is removed before Apollo Server sees the request, so the cache, the allow-list and the
// hash check all see one form.
const MANIFEST_ID_PREFIX = "sha256:";

type PersistedQueryExtension = { persistedQuery?: { sha256Hash?: unknown } };

function bareHash(extensions: unknown): boolean {
  const persisted = (extensions as PersistedQueryExtension | null)?.persistedQuery;
  if (typeof persisted?.sha256Hash !== "string" || !persisted.sha256Hash.startsWith(MANIFEST_ID_PREFIX)) return false;
  persisted.sha256Hash = persisted.sha256Hash.slice(MANIFEST_ID_PREFIX.length);
  return true;
}

/** The gate for persisted queries, run on the parsed request before Apollo Server. An id in the
 *  manifest's `sha256:<hex>` form is first rewritten in place to the bare hex (in the body, or in
 *  the `extensions` parameter of a GET). Then a request that Apollo Server would answer without
 *  an error code, which the mask would turn into an internal error, is refused here with a stable
 *  code and a message that says what to send: another version than 1, a hash that is not a
 *  string, or a document sent with a hash that is not its own. */
export function persistedQueryRefusal(body: unknown, url: URL): Refusal | null {
  let query: unknown;
  let extensions: unknown;
  if (body !== undefined) {
    if (typeof body !== "object" || body === null) return null;
    ({ query, extensions } = body as { query?: unknown; extensions?: unknown });
    bareHash(extensions);
  } else {
    query = url.searchParams.get("query") ?? undefined;
    try {
      extensions = JSON.parse(url.searchParams.get("extensions") ?? "null");
    } catch {
      // Not this check's to answer: Apollo Server reports unreadable extensions itself.
      return null;
    }
    if (bareHash(extensions)) url.searchParams.set("extensions", JSON.stringify(extensions));
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
