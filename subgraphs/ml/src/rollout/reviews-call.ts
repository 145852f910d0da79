// Calls from the ML service to the reviews service, which keeps the rollout state and the callers'
// numbers: a GraphQL request signed with the reviews service's subgraph secret, as the gateway
// signs its own, under the identity it is made for.
import { type Identity, REQUEST_ID_HEADER, signForSubgraph } from "@sentiment/platform";
import { randomUUID } from "node:crypto";

export interface RolloutSource {
  /** the reviews service's GraphQL URL */
  url: string;
  /** the reviews service's SUBGRAPH_SECRET */
  secret: string;
  timeoutMs: number;
}

/** POSTs `query` and answers the HTTP status and the parsed JSON body (null when it is not JSON); throws when no answer came. */
export async function callReviews(source: RolloutSource, identity: Identity, query: string): Promise<{ status: number; json: unknown }> {
  const url = new URL(source.url);
  const body = JSON.stringify({ query });
  const requestId = randomUUID();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", [REQUEST_ID_HEADER]: requestId, ...signForSubgraph(source.secret, identity, { method: "POST", path: `${url.pathname}${url.search}`, body, requestId }) },
    body,
    signal: AbortSignal.timeout(source.timeoutMs),
  });
  return { status: response.status, json: await response.json().catch(() => null) };
}
