// How the gateway calls a subgraph: pooled keep-alive connections, a deadline per subgraph,
// the request id passed along, and failures turned into errors that name the service but
// reveal nothing about it (no URL, no response body).
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import { GraphQLError } from "graphql";
import type { Fetcher } from "@apollo/utils.fetcher";
import { Agent, fetch as undiciFetch } from "undici";
import { REQUEST_ID_HEADER } from "@sentiment/platform/request-id";
import type { Logger } from "@sentiment/platform/logger";

export interface GatewayContext {
  requestId: string;
  logger: Logger;
}

const agent = new Agent({ keepAliveTimeout: 30_000, connections: 64, pipelining: 1 });

export class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    url: string,
    timeoutMs: number,
  ) {
    super({
      url,
      // undici's fetch does what the gateway's fetcher contract asks; only the declared types differ.
      fetcher: ((input: string, init: Parameters<typeof undiciFetch>[1]) =>
        undiciFetch(input, { ...init, dispatcher: agent, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher,
    });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const requestId = "context" in options ? options.context?.requestId : undefined;
    if (requestId) options.request.http?.headers.set(REQUEST_ID_HEADER, requestId);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      const logger = "context" in options ? options.context?.logger : undefined;
      logger?.warn({ subgraph: this.serviceName, err: error }, "subgraph call failed");
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || /timeout|aborted/i.test(error.message));
      throw new GraphQLError(
        timedOut ? `The ${this.serviceName} service did not answer in time` : `The ${this.serviceName} service is unavailable`,
        { extensions: { code: "SERVICE_UNAVAILABLE", service: this.serviceName } },
      );
    }
  }
}
