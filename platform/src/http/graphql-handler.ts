// A GraphQL request, in order (a CORS preflight is answered at once): the body under its size limit, the admission (who calls: before
// anything is parsed), the JSON, the service's own refusals, then Apollo Server; its answer is
// written with the request id, and a 500 that is all the client's fault becomes a 400.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { invalidJsonBody, payloadTooLarge, refusalBody, type Refusal } from "../errors/factories.js";
import { REQUEST_ID_HEADER } from "../request-id.js";
import type { Identity } from "../authorization/roles.js";
import { BodyTooLarge, closesAfterTooLarge, readBody } from "./body-limit.js";
import { clientErrorStatus } from "./client-error-status.js";
import { sendJson } from "./send-json.js";

export type { Refusal };

/** What the gate says of a GraphQL request: who is calling, or why it is refused. */
export type Admission = { identity: Identity } | { reject: Refusal };

export interface GraphqlHandlerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  maxBodyBytes: number;
  admit: (request: IncomingMessage, requestId: string, body: Buffer) => Promise<Admission>;
  refuse?: (body: unknown, url: URL) => Refusal | null;
  context: (request: IncomingMessage, requestId: string, identity: Identity) => Promise<TContext>;
}

const EMPTY_BODY: Buffer = Buffer.alloc(0);

function sendRefusal(response: ServerResponse, requestId: string, refusal: Refusal): void {
  sendJson(response, refusal.status, refusalBody(refusal), { [REQUEST_ID_HEADER]: requestId, ...refusal.headers });
}

/** Apollo Server's header map from Node's (repeated headers joined as Node joins them). */
function headerMapOf(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  const incoming = request.headers;
  for (const key in incoming) {
    const value = incoming[key];
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

export function createGraphqlHandler<TContext extends BaseContext>(options: GraphqlHandlerOptions<TContext>) {
  const { apollo, maxBodyBytes } = options;
  const tooLarge = payloadTooLarge(maxBodyBytes);

  return async (request: IncomingMessage, response: ServerResponse, url: URL, requestId: string): Promise<void> => {
    // A CORS preflight carries no credentials and asks nothing of the service: it is answered
    // here, before admission, so that it is never counted against the address it comes from.
    // No Access-Control-Allow-* header: cross-origin browser calls stay refused by the browser.
    if (request.method === "OPTIONS") {
      request.resume();
      response.writeHead(204, { [REQUEST_ID_HEADER]: requestId, allow: "GET, POST, OPTIONS" });
      response.end();
      return;
    }
    const isPost = request.method === "POST";
    let raw: Buffer = EMPTY_BODY;
    if (isPost) {
      try {
        raw = await readBody(request, maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        sendJson(response, tooLarge.status, refusalBody(tooLarge), closesAfterTooLarge(request.headers["content-length"]) ? { connection: "close" } : {});
        return;
      }
    } else {
      request.resume();
    }
    const admission = await options.admit(request, requestId, raw);
    if ("reject" in admission) {
      sendRefusal(response, requestId, admission.reject);
      return;
    }
    let body: unknown = undefined;
    if (isPost) {
      const text = raw.toString("utf8");
      if ((request.headers["content-type"] ?? "").includes("application/json")) {
        try {
          body = JSON.parse(text);
        } catch {
          sendRefusal(response, requestId, invalidJsonBody());
          return;
        }
      } else {
        body = text;
      }
    }
    const refusal = options.refuse?.(body, url);
    if (refusal) {
      sendRefusal(response, requestId, refusal);
      return;
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? "GET", headers: headerMapOf(request), search: url.search, body },
      context: () => options.context(request, requestId, admission.identity),
    });
    const outHeaders: Record<string, string> = { [REQUEST_ID_HEADER]: requestId };
    for (const [key, value] of result.headers) outHeaders[key] = value;
    if (result.body.kind === "complete") {
      // A length instead of chunked framing: less to write here and to parse at the other end.
      outHeaders["content-length"] = String(Buffer.byteLength(result.body.string));
      response.writeHead(clientErrorStatus(result.status ?? 200, result.body.string), outHeaders);
      response.end(result.body.string);
    } else {
      response.writeHead(result.status ?? 200, outHeaders);
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    }
  };
}
