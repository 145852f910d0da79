// Persisted operations as a production client sends them: only the manifest's hash and the
// variables, never the document.
import { readFileSync } from "node:fs";

export interface GraphQLAnswer<T> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; service?: string; field?: string } }>;
}

/** operation name → sha256 hash, from client/generated/persisted-documents.json */
export function readManifest(path: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path, "utf8")) as Record<string, string>;
  const hashes = new Map<string, string>();
  for (const [key, document] of Object.entries(manifest)) {
    const name = /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(document)?.[1];
    if (name) hashes.set(name, key.replace(/^sha256:/, ""));
  }
  return hashes;
}

export function persistedClient(url: string, manifest: Map<string, string>, apiKey: string) {
  return async function call<T>(operationName: string, variables: Record<string, unknown>): Promise<GraphQLAnswer<T>> {
    const hash = manifest.get(operationName);
    if (!hash) throw new Error(`${operationName} is not in the persisted-operations manifest`);
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json()) as Omit<GraphQLAnswer<T>, "status">;
    return { status: response.status, ...body };
  };
}
