// How the gateway calls a subgraph: undici's pooled keep-alive connections and its low-level
// request API (the WHATWG fetch layer cost the gateway a sixth of its CPU in profiles), a
// deadline per subgraph, the request id passed along, a signature of each request, retries of
// what cannot have been executed twice (below), and failures turned into errors that name the
// service but reveal nothing about it (no URL, no response body).
//
// Retries, within the deadline and at most MAX_ATTEMPTS in all, each on a new signature and
// whatever connection the pool gives (a new one reaches whichever replica the network picks):
// - a connection refused: nothing was sent, so any operation goes again, a mutation included;
// - a connection reset or closed before an answer: the subgraph may have executed it, so only
//   a read goes again; a mutation is never sent twice.
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import type { GraphQLError } from "graphql";
import { Pool, errors as undiciErrors } from "undici";
import { type Identity, type Logger, REQUEST_ID_HEADER, serviceUnavailable, signForSubgraph } from "@sentiment/platform";
import { nonceSource } from "./nonces.js";

export interface GatewayContext {
  requestId: string;
  logger: Logger;
  identity: Identity;
}

/** Errors that mean the connection broke before an answer began: a kept-alive socket that the
 *  subgraph closed (it is stopping, or its idle timeout struck) as the request went out. */
const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);

export function isConnectionReset(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && RESET_CODES.has(code);
}

/** A connection that was never made: the request cannot have reached the subgraph. */
export function isConnectionRefused(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "ECONNREFUSED";
}

export const MAX_ATTEMPTS = 3;

/** Why a call is sent again, or null when it must not be. */
export function retryReason(error: unknown, readOnly: boolean): "refused" | "reset" | null {
  if (isConnectionRefused(error)) return "refused";
  if (readOnly && isConnectionReset(error)) return "reset";
  return null;
}

/** A replica that refuses is stopping or not started yet: a short pause gives the network (or a
 *  restarted process) a moment, without spending much of the deadline. */
const REFUSED_BACKOFF_MS = [25, 100];

/** A subgraph operation that only reads: safe to send twice. The query planner writes each
 *  fetch as one operation; a mutation's begins with the keyword. */
export function isReadOnly(operation: string): boolean {
  return !/^\s*mutation\b/.test(operation);
}

const nextNonce = nonceSource();

/** One new connection per this many requests costs next to nothing and rebalances within seconds at load. */
export const MAX_REQUESTS_PER_CONNECTION = 1000;

class CallFailed extends Error {
  constructor(readonly reason: "down" | "late" | "broken", readonly detail: unknown) {
    super(reason);
  }
}

export class SubgraphSource implements GraphQLDataSource<GatewayContext> {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(
    private readonly serviceName: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly secret: string,
    /** told of each retry, for the metrics */
    private readonly onRetry: (reason: "refused" | "reset") => void = () => undefined,
  ) {
    const parsed = new URL(url);
    this.path = `${parsed.pathname}${parsed.search}`;
    // A connection ends after MAX_REQUESTS_PER_CONNECTION answers (the last request says
    // `connection: close`): kept-alive connections would otherwise pin all traffic to the
    // replicas that were up when they opened, and a restarted or added replica would get none.
    this.pool = new Pool(parsed.origin, { connections: 64, keepAliveTimeout: 30_000, maxRequestsPerClient: MAX_REQUESTS_PER_CONNECTION });
  }

  private unavailable(reason: "down" | "late" | "broken"): GraphQLError {
    const message = {
      down: `The ${this.serviceName} service is unavailable`,
      late: `The ${this.serviceName} service did not answer in time`,
      broken: `The ${this.serviceName} service answered with an error`,
    }[reason];
    return serviceUnavailable(this.serviceName, message);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    // `http` carries the gateway-side URL and headers; the subgraph gets only what is set below.
    const { http: _http, ...payload } = options.request;
    // Only client requests reach here: a static supergraph makes no gateway-internal calls, which
    // would carry no caller to sign for.
    const context = "incomingRequestContext" in options ? options.context : undefined;
    if (!context) throw this.unavailable("broken");
    const body = JSON.stringify(payload);
    const readOnly = isReadOnly(payload.query ?? "");
    const deadline = Date.now() + this.timeoutMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.send(context, body, Math.max(1, deadline - Date.now()));
      } catch (error) {
        if (!(error instanceof CallFailed)) throw error;
        const reason = retryReason(error.detail, readOnly);
        const pause = reason === "refused" ? (REFUSED_BACKOFF_MS[attempt - 1] ?? 100) : 0;
        if (reason === null || attempt >= MAX_ATTEMPTS || Date.now() + pause >= deadline) {
          context.logger.warn({ subgraph: this.serviceName, attempts: attempt, err: error.detail }, "subgraph call failed");
          throw this.unavailable(error.reason);
        }
        this.onRetry(reason);
        context.logger.info({ subgraph: this.serviceName, attempt, reason }, reason === "refused" ? "subgraph connection refused; sending again" : "subgraph connection reset before an answer; sending the read again");
        if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  /** One attempt, signed afresh: a subgraph accepts each signature once. No `accept` header:
   *  without one Apollo Server answers JSON without negotiating the media type. */
  private async send(context: GatewayContext, body: string, timeoutMs: number): Promise<GatewayGraphQLResponse> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      [REQUEST_ID_HEADER]: context.requestId,
      ...signForSubgraph(this.secret, context.identity, { method: "POST", path: this.path, body, requestId: context.requestId }, Date.now(), nextNonce()),
    };
    let statusCode: number;
    let text: string;
    try {
      const response = await this.pool.request({
        path: this.path,
        method: "POST",
        headers,
        body,
        // The deadline: time to the response headers, and at most as long again between body chunks.
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      statusCode = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const late = error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
      throw new CallFailed(late ? "late" : "down", error);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CallFailed("broken", { statusCode, body: text.slice(0, 500) });
    }
    const isGraphqlResponse = typeof parsed === "object" && parsed !== null && ("data" in parsed || "errors" in parsed);
    if (!isGraphqlResponse || statusCode >= 500) throw new CallFailed("broken", { statusCode, body: text.slice(0, 500) });
    return parsed as GatewayGraphQLResponse;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
