// A steady load of persisted operations through one published port, over a fixed number of kept-
// alive connections (a balancer in front spreads connections, not requests), with every answer
// sorted: served, rate-limited, or failed (any other status, any GraphQL error, a broken socket).
import { Pool } from "undici";

export interface Outcome {
  ok: number;
  rateLimited: number;
  failed: number;
  /** the first few failures, for the message */
  failures: string[];
  durationMs: number;
}

export interface LoadOptions {
  origin: string;
  /** operation name → persisted-query hash */
  manifest: Map<string, string>;
  /** API keys, used in turn (each has its own per-caller limit) */
  keys: readonly string[];
  connections: number;
  /** stop after this many requests, or when `until` resolves, whichever comes first */
  requests?: number;
  until?: Promise<unknown>;
  operation: (index: number) => { name: string; variables: Record<string, unknown> };
}

type Answer = { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };

export async function drive(options: LoadOptions): Promise<Outcome> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1 });
  const outcome: Outcome = { ok: 0, rateLimited: 0, failed: 0, failures: [], durationMs: 0 };
  const limit = options.requests ?? Number.POSITIVE_INFINITY;
  let stopped = false;
  void options.until?.then(() => {
    stopped = true;
  });
  let next = 0;
  const fail = (what: string) => {
    outcome.failed += 1;
    if (outcome.failures.length < 5) outcome.failures.push(what);
  };

  const worker = async () => {
    while (!stopped && next < limit) {
      const index = next++;
      const { name, variables } = options.operation(index);
      const hash = options.manifest.get(name);
      if (!hash) throw new Error(`${name} is not in the persisted-operations manifest`);
      const key = options.keys[index % options.keys.length] as string;
      try {
        const response = await pool.request({
          path: "/graphql",
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
          headersTimeout: 15_000,
          bodyTimeout: 15_000,
        });
        const text = await response.body.text();
        if (response.statusCode === 429) {
          outcome.rateLimited += 1;
          continue;
        }
        const answer = JSON.parse(text) as Answer;
        const codes = (answer.errors ?? []).map((e) => e.extensions?.code ?? "none");
        if (response.statusCode === 200 && codes.length === 0) outcome.ok += 1;
        else fail(`${name}: HTTP ${response.statusCode} ${codes.join(",") || text.slice(0, 200)}`);
      } catch (error) {
        fail(`${name}: ${(error as NodeJS.ErrnoException).code ?? ""} ${(error as Error).message}`);
      }
    }
  };

  const started = Date.now();
  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    outcome.durationMs = Date.now() - started;
    await pool.close();
  }
  return outcome;
}
