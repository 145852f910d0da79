// Persisted operations: the manifest that `npm run codegen` writes (sha256 → document) is loaded
// into the automatic-persisted-query cache, so generated clients may send only a hash; in
// allow-list mode (default in production) any other operation is refused.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ApolloServerPlugin } from "@apollo/server";
import { InMemoryLRUCache, type KeyValueCache } from "@apollo/utils.keyvaluecache";
import { operationNotAllowed, persistedQueryHashMismatch, type Refusal } from "@sentiment/platform";

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

/**
 * The gate for persisted queries, run on the parsed request before Apollo Server: an id in the
 * manifest's `sha256:<hex>` form is rewritten in place to the bare hex (in the body, or in the
 * `extensions` parameter of a GET). Then a request that sends both a document and a hash that is
 * not the document's is refused: it is the client's mistake, which Apollo Server reports
 * without an error code (and so would be masked as an internal error).
 */
export function persistedHashMismatch(body: unknown, url: URL): Refusal | null {
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
  const hash = (extensions as PersistedQueryExtension | null)?.persistedQuery?.sha256Hash;
  if (typeof query !== "string" || typeof hash !== "string") return null;
  if (createHash("sha256").update(query).digest("hex") === hash) return null;
  return persistedQueryHashMismatch();
}
