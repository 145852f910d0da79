// One HTTP server per service on node:http: GraphQL at /graphql (Apollo Server's HTTP API,
// no framework in between), plus /healthz, /readyz and /metrics. Each concern lives in http/;
// this file puts them in order.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ApolloServer, BaseContext } from "@apollo/server";
import { createGraphqlHandler, type Admission, type Refusal } from "./http/graphql-handler.js";
import { INTERNAL_SERVER_ERROR } from "./errors/codes.js";
import { StartupError } from "./errors/startup.js";
import { refusalBody } from "./errors/factories.js";
import { sendJson } from "./http/send-json.js";
import { startRequestTimer } from "./http/request-metrics.js";
import { isGraphqlPath, operationalRoute, type RouteName } from "./http/routing.js";
import { setSecurityHeaders } from "./http/security-headers.js";
import { trackConnections } from "./http-drain.js";
import { boundPort } from "./listening.js";
import type { Logger } from "./logger.js";
import type { ServiceMetrics } from "./metrics.js";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id.js";
import type { Identity } from "./authorization/roles.js";

export type { Admission, Refusal };

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
  /** the GraphQL context of an admitted request; a request's logger is the service's to make
   *  (with the bindings it needs in one child) */
  context: (request: IncomingMessage, requestId: string, identity: Identity) => Promise<TContext>;
  /** resolves to a reason string when not ready, or null when ready (a stopping service is
   *  not ready whatever this says) */
  notReadyReason: () => Promise<string | null>;
  /** serve /metrics on this server (false when a separate metrics port serves it) */
  metricsRoute?: boolean;
  /** optional routes served before GraphQL; return true when handled */
  routes?: (request: IncomingMessage, response: ServerResponse, url: URL) => boolean | Promise<boolean>;
}

/** The status counted for a request whose client left before its answer (nginx's convention). */
const CLIENT_CLOSED = 499;

export function createServiceHttpServer<TContext extends BaseContext>(options: ServiceHttpOptions<TContext>): Server {
  const { logger, metrics } = options;
  const serveMetricsHere = options.metricsRoute !== false;
  const handleGraphql = createGraphqlHandler(options);

  const serveOperational = async (route: "healthz" | "readyz" | "metrics", response: ServerResponse) => {
    if (route === "healthz") {
      // Liveness only: what a service knows of the others is in its metrics, not on a public port.
      sendJson(response, 200, { status: "ok" });
    } else if (route === "readyz") {
      const reason = connections.draining() ? "stopping" : await options.notReadyReason();
      sendJson(response, reason === null ? 200 : 503, reason === null ? { status: "ready" } : { status: "not ready", reason });
    } else {
      const text = await metrics.registry.metrics();
      response.writeHead(200, { "content-type": metrics.registry.contentType });
      response.end(text);
    }
  };

  const server: Server = createServer(async (request, response) => {
    const done = startRequestTimer(metrics);
    const url = new URL(request.url ?? "/", "http://localhost");
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    setSecurityHeaders(response);
    let route: RouteName = "other";
    try {
      const operational = operationalRoute(url.pathname, serveMetricsHere);
      if (operational !== null) {
        route = operational;
        await serveOperational(operational, response);
      } else if (options.routes && (await options.routes(request, response, url))) {
        route = "page";
      } else if (isGraphqlPath(url.pathname)) {
        route = "graphql";
        await handleGraphql(request, response, url, requestId);
      } else {
        sendJson(response, 404, { error: "not found" });
      }
    } catch (error) {
      if (request.socket.destroyed) {
        // The caller hung up (or its connection broke) before the answer: nothing failed here.
        logger.info({ requestId, reason: (error as Error).message }, "client closed the connection before the answer");
        done(route, CLIENT_CLOSED);
        return;
      }
      logger.error({ err: error, requestId }, "request failed");
      if (!response.headersSent) sendJson(response, 500, refusalBody({ code: INTERNAL_SERVER_ERROR, message: "Internal server error" }));
      else response.end();
    }
    done(route, response.statusCode);
  });
  const connections = trackConnections(server);
  // Longer than the gateway's pooled-connection idle time, so a reused socket is never closed under it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

/** Listens on host:port and resolves with the port bound (the one asked for, or the one the system
 *  chose for port 0); `variables`, the settings that gave them, are named when it cannot (a port
 *  another process holds). */
export function listen(server: Server, port: number, host: string, variables?: { host: string; port: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      reject(variables ? new StartupError(`cannot listen on ${variables.host}=${host} ${variables.port}=${port} (${error.code ?? "error"})`, { cause: error }) : error);
    };
    server.once("error", failed);
    server.listen(port, host, () => {
      server.off("error", failed);
      resolve(boundPort(server));
    });
  });
}
