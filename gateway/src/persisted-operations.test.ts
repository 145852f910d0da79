import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GraphQLRequestContextDidResolveOperation, GraphQLRequestContext, BaseContext } from "@apollo/server";
import { describe, expect, it } from "vitest";
import { allowListPlugin, loadManifest, persistedQueryRefusal, persistedQueryCache } from "./persisted-operations.js";

const QUERY = "query Review($id: ID!) { review(id: $id) { id } }";
const HASH = createHash("sha256").update(QUERY).digest("hex");
const OTHER = "{ __typename }";
const OTHER_HASH = createHash("sha256").update(OTHER).digest("hex");

function manifestFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "manifest-")), "persisted-documents.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("loading the persisted-operations manifest", () => {
  it("maps each hash to its document, with or without the sha256: prefix", () => {
    const manifest = loadManifest(manifestFile({ [`sha256:${HASH}`]: QUERY, [OTHER_HASH]: OTHER }));
    expect([...manifest]).toEqual([
      [HASH, QUERY],
      [OTHER_HASH, OTHER],
    ]);
  });

  it("names the entry whose key is not a sha256 hash", () => {
    expect(() => loadManifest(manifestFile({ "not-a-hash": QUERY }))).toThrow('entry "not-a-hash" is not a sha256 hash and a document');
  });

  it("names the entry whose document is not text", () => {
    expect(() => loadManifest(manifestFile({ [HASH]: { query: QUERY } }))).toThrow(`entry "${HASH}" is not a sha256 hash and a document`);
  });

  it("refuses an upper-case hash, which no client sends", () => {
    expect(() => loadManifest(manifestFile({ [HASH.toUpperCase()]: QUERY }))).toThrow(/is not a sha256 hash/);
  });
});

describe("the persisted-query cache", () => {
  const key = (hash: string) => `apq:${hash}`;

  it("answers a manifest hash without any registration", async () => {
    const cache = persistedQueryCache(new Map([[HASH, QUERY]]));
    expect(await cache.get(key(HASH))).toBe(QUERY);
  });

  it("keeps a manifest entry when a client registers another document under its hash", async () => {
    const cache = persistedQueryCache(new Map([[HASH, QUERY]]));
    await cache.set(key(HASH), OTHER);
    expect(await cache.get(key(HASH))).toBe(QUERY);
  });

  it("remembers an operation a client registers", async () => {
    const cache = persistedQueryCache(new Map());
    await cache.set(key(OTHER_HASH), OTHER);
    expect(await cache.get(key(OTHER_HASH))).toBe(OTHER);
  });

  it("cannot delete a manifest entry", async () => {
    const cache = persistedQueryCache(new Map([[HASH, QUERY]]));
    await cache.delete(key(HASH));
    expect(await cache.get(key(HASH))).toBe(QUERY);
  });
});

describe("the allow-list", () => {
  // Apollo Server hands the hook a whole request context; the allow-list reads only queryHash.
  async function resolve(manifest: Map<string, string>, queryHash: string): Promise<void> {
    const listener = await allowListPlugin(manifest).requestDidStart?.({} as GraphQLRequestContext<BaseContext>);
    await listener?.didResolveOperation?.({ queryHash } as GraphQLRequestContextDidResolveOperation<BaseContext>);
  }

  it("lets an operation of the manifest through", async () => {
    await expect(resolve(new Map([[HASH, QUERY]]), HASH)).resolves.toBeUndefined();
  });

  it("refuses any other operation with OPERATION_NOT_ALLOWED", async () => {
    await expect(resolve(new Map([[HASH, QUERY]]), OTHER_HASH)).rejects.toMatchObject({ extensions: { code: "OPERATION_NOT_ALLOWED" } });
  });
});

describe("a persisted-query hash sent with a document", () => {
  const url = new URL("http://gateway/graphql");
  const withHash = (query: string, sha256Hash: string) => ({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } });

  it("passes when it is the document's SHA-256", () => {
    expect(persistedQueryRefusal(withHash(QUERY, HASH), url)).toBeNull();
  });

  it("is refused with PERSISTED_QUERY_HASH_MISMATCH when it is another document's", () => {
    expect(persistedQueryRefusal(withHash(QUERY, OTHER_HASH), url)).toMatchObject({ code: "PERSISTED_QUERY_HASH_MISMATCH" });
  });

  it("is checked in a GET request's query string too", () => {
    const get = new URL(url);
    get.searchParams.set("query", QUERY);
    get.searchParams.set("extensions", JSON.stringify({ persistedQuery: { version: 1, sha256Hash: OTHER_HASH } }));
    expect(persistedQueryRefusal(undefined, get)).toMatchObject({ code: "PERSISTED_QUERY_HASH_MISMATCH" });
  });

  it("is not this check's concern when only the hash is sent", () => {
    expect(persistedQueryRefusal({ extensions: { persistedQuery: { version: 1, sha256Hash: OTHER_HASH } } }, url)).toBeNull();
  });
});

describe("a persisted query of another protocol version", () => {
  const url = new URL("http://gateway/graphql");

  it("is refused with BAD_REQUEST and a message that says what to send, with or without a document", () => {
    for (const body of [{ query: QUERY, extensions: { persistedQuery: { version: 2, sha256Hash: HASH } } }, { extensions: { persistedQuery: { version: 2, sha256Hash: HASH } } }]) {
      const refusal = persistedQueryRefusal(body, url);
      expect(refusal).toMatchObject({ status: 400, code: "BAD_REQUEST" });
      expect(refusal?.message).toContain('persistedQuery.version 2 is not supported; send extensions.persistedQuery as {"version": 1');
    }
  });

  it("is refused the same way when the version or the hash is missing or of the wrong type", () => {
    expect(persistedQueryRefusal({ extensions: { persistedQuery: { sha256Hash: HASH } } }, url)).toMatchObject({ code: "BAD_REQUEST" });
    expect(persistedQueryRefusal({ extensions: { persistedQuery: { version: 1, sha256Hash: 7 } } }, url)).toMatchObject({ code: "BAD_REQUEST" });
    expect(persistedQueryRefusal({ extensions: { persistedQuery: "yes" } }, url)).toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("an operation id in the manifest's sha256: form", () => {
  const url = new URL("http://gateway/graphql");
  const byId = (sha256Hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash } } });

  it("is sent on as the bare hash Apollo Server looks up", () => {
    const body = byId(`sha256:${HASH}`);
    expect(persistedQueryRefusal(body, url)).toBeNull();
    expect(body.extensions.persistedQuery.sha256Hash).toBe(HASH);
  });

  it("is rewritten in a GET request's extensions parameter too", () => {
    const get = new URL(url);
    get.searchParams.set("extensions", JSON.stringify(byId(`sha256:${HASH}`).extensions));
    expect(persistedQueryRefusal(undefined, get)).toBeNull();
    expect(JSON.parse(get.searchParams.get("extensions") as string)).toEqual(byId(HASH).extensions);
  });

  it("leaves a bare hash as it is", () => {
    const body = byId(HASH);
    persistedQueryRefusal(body, url);
    expect(body.extensions.persistedQuery.sha256Hash).toBe(HASH);
  });

  it("with its document, passes when it is the document's SHA-256 and is refused when not", () => {
    expect(persistedQueryRefusal({ query: QUERY, ...byId(`sha256:${HASH}`) }, url)).toBeNull();
    expect(persistedQueryRefusal({ query: QUERY, ...byId(`sha256:${OTHER_HASH}`) }, url)).toMatchObject({ code: "PERSISTED_QUERY_HASH_MISMATCH" });
  });

  it("is found in the cache loaded from the manifest, whose ids carry the prefix", async () => {
    const manifest = loadManifest(manifestFile({ [`sha256:${HASH}`]: QUERY }));
    const body = byId(`sha256:${HASH}`);
    persistedQueryRefusal(body, url);
    expect(await persistedQueryCache(manifest).get(`apq:${body.extensions.persistedQuery.sha256Hash}`)).toBe(QUERY);
  });
});
