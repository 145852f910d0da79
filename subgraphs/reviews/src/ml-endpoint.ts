// Calls to the ML subgraph from this service (a feedback text's score, the model versions it has
// loaded), signed with the caller's identity as the gateway signs its own, so the ML service
// applies the same rules to them.
import { type Identity, REQUEST_ID_HEADER, signForSubgraph } from "@sentiment/platform";

export interface MlEndpoint {
  url: string;
  secret: string;
  timeoutMs: number;
}

/**
 * POSTs a GraphQL request and answers its JSON. Such calls only read, so a connection that broke
 * (a kept-alive socket to a restarted ML process) is worth one more try; a deadline that passed
 * is not. Throws when no answer came.
 */
export async function callMl(endpoint: MlEndpoint, identity: Identity, requestId: string, request: { query: string; variables?: Record<string, unknown> }): Promise<unknown> {
  const url = new URL(endpoint.url);
  const path = `${url.pathname}${url.search}`;
  const body = JSON.stringify(request);
  // Signed afresh for each attempt: the ML service accepts a signature once.
  const attempt = async () => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", [REQUEST_ID_HEADER]: requestId, ...signForSubgraph(endpoint.secret, identity, { method: "POST", path, body, requestId }) },
      body,
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
    return (await response.json()) as unknown;
  };
  try {
    return await attempt();
  } catch (error) {
    if ((error as Error).name === "TimeoutError") throw error;
    return attempt();
  }
}
