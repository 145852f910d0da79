// One HTTP server per service on node:http: GraphQL at /graphql (Apollo Server's HTTP API,
// no framework in between), plus /healthz, /readyz and /metrics.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { INTERNAL_SERVER_ERROR, isClientErrorCode } from "./errors/codes.js";
import { invalidJsonBody, payloadTooLarge, refusalBody, type Refusal } from "./errors/factories.js";
import { boundPort } from "./listening.js";
import type { Logger } from "./logger.js";
import type { ServiceMetrics } from "./metrics.js";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id.js";
import type { Identity } from "./roles.js";

export type { Refusal };

/** What the gate says of a GraphQL request: who is calling, or why it is refused. */
export type Admission = { identity: Identity } | { reject: Refusal };

/** Sent with every response: no sniffing, no framing, no referrer leaks. */
const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
};

export interface ServiceHttpOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  logger: Logger;
  metrics: ServiceMetrics;
  maxBodyBytes: number;
  /** decides who calls (API key, JWT, gateway signature) before anything is parsed or executed;
   *  gets the raw body (empty for GET), which a gateway signature covers */
  admit: (request: IncomingMessage, requestId: string, body: Buffer) => Promise<Admission>;
  /** refuses a parsed request before Apollo Server sees it (body is undefined for GET) */
  refuse?: (body: unknown, url: URL) => Refusal | null;
  context: (request: IncomingMessage, requestId: string, logger: Logger, identity: Identity) => Promise<TContext>;
  /** resolves to a reason string when not ready, or null when ready */
  notReadyReason: () => Promise<string | null>;
  /** detail added to /healthz (which stays 200 while the process lives) */
  health?: () => Record<string, unknown>;
  /** serve /metrics on this server (false when a separate metrics port serves it) */
  metricsRoute?: boolean;
  /** optional routes served before GraphQL; return true when handled */
  routes?: (request: IncomingMessage, response: ServerResponse, url: URL) => boolean | Promise<boolean>;
}

class BodyTooLarge extends Error {}

const DRAIN_LIMIT_BYTES = 8 * 1024 * 1024;

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > limit) {
      reject(new BodyTooLarge());
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        request.removeAllListeners("data");
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** graphql-armor's token limit throws while the document is parsed, which Apollo Server answers
 *  with 500; an answer whose every error is the client's is a 400. */
function clientErrorStatus(status: number, body: string): number {
  if (status !== 500) return status;
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> };
    const codes = (parsed.errors ?? []).map((e) => e.extensions?.code);
    const allClient = parsed.data === undefined && codes.length > 0 && codes.every(isClientErrorCode);
    return allClient ? 400 : status;
  } catch {
    return status;
  }
}

export function createServiceHttpServer<TContext extends BaseContext>(options: ServiceHttpOptions<TContext>): Server {
  const { apollo, logger, metrics } = options;

  const refuse = (response: ServerResponse, requestId: string, refusal: Refusal) => {
    sendJson(response, refusal.status, refusalBody(refusal), { [REQUEST_ID_HEADER]: requestId, ...refusal.headers });
  };

  const handleGraphql = async (request: IncomingMessage, response: ServerResponse, url: URL, requestId: string) => {
    let raw: Buffer = Buffer.alloc(0);
    if (request.method === "POST") {
      try {
        raw = await readBody(request, options.maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          // Drain a moderately large body so the client can read the answer instead of a broken
          // pipe; close the connection on anything larger rather than read it.
          const declared = Number(request.headers["content-length"] ?? Infinity);
          const close = !(declared <= DRAIN_LIMIT_BYTES);
          const tooLarge = payloadTooLarge(options.maxBodyBytes);
          sendJson(response, tooLarge.status, refusalBody(tooLarge), close ? { connection: "close" } : {});
          return;
        }
        throw error;
      }
    } else {
      request.resume();
    }
    const admission = await options.admit(request, requestId, raw);
    if ("reject" in admission) {
      refuse(response, requestId, admission.reject);
      return;
    }
    let body: unknown = undefined;
    if (request.method === "POST") {
      const text = raw.toString("utf8");
      const contentType = request.headers["content-type"] ?? "";
      if (contentType.includes("application/json")) {
        try {
          body = JSON.parse(text);
        } catch {
          refuse(response, requestId, invalidJsonBody());
          return;
        }
      } else {
        body = text;
      }
    }
    const refusal = options.refuse?.(body, url);
    if (refusal) {
      refuse(response, requestId, refusal);
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const child = logger.child({ requestId });
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? "GET", headers, search: url.search, body },
      context: () => options.context(request, requestId, child, admission.identity),
    });
    const outHeaders: Record<string, string> = { [REQUEST_ID_HEADER]: requestId };
    for (const [key, value] of result.headers) outHeaders[key] = value;
    if (result.body.kind === "complete") {
      response.writeHead(clientErrorStatus(result.status ?? 200, result.body.string), outHeaders);
      response.end(result.body.string);
    } else {
      response.writeHead(result.status ?? 200, outHeaders);
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    }
  };

  const server = createServer(async (request, response) => {
    const started = process.hrtime.bigint();
    const url = new URL(request.url ?? "/", "http://localhost");
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    let route = "other";
    try {
      if (url.pathname === "/healthz") {
        route = "healthz";
        sendJson(response, 200, { status: "ok", ...options.health?.() });
      } else if (url.pathname === "/readyz") {
        route = "readyz";
        const reason = await options.notReadyReason();
        sendJson(response, reason === null ? 200 : 503, reason === null ? { status: "ready" } : { status: "not ready", reason });
      } else if (url.pathname === "/metrics" && options.metricsRoute !== false) {
        route = "metrics";
        const text = await metrics.registry.metrics();
        response.writeHead(200, { "content-type": metrics.registry.contentType });
        response.end(text);
      } else if (options.routes && (await options.routes(request, response, url))) {
        route = "page";
      } else if (url.pathname === "/graphql" || url.pathname === "/") {
        route = "graphql";
        await handleGraphql(request, response, url, requestId);
      } else {
        sendJson(response, 404, { error: "not found" });
      }
    } catch (error) {
      logger.error({ err: error, requestId }, "request failed");
      if (!response.headersSent) sendJson(response, 500, refusalBody({ code: INTERNAL_SERVER_ERROR, message: "Internal server error" }));
      else response.end();
    } finally {
      metrics.requests.inc({ route, status: String(response.statusCode) });
      metrics.latency.observe({ route }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  });
  // Longer than the gateway's pooled-connection idle time, so a reused socket is never closed under it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

/** Resolves with the port bound: the one asked for, or the one the system chose for port 0. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(boundPort(server));
    });
  });
}
