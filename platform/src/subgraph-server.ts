// What both subgraphs share: schema from SDL, Apollo Server with masked errors, the HTTP
// server with its operational endpoints, metrics on a port of their own, and graceful shutdown.
import type { IncomingMessage } from "node:http";
import { ApolloServer, type BaseContext } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse, type GraphQLFieldResolver, type GraphQLScalarType } from "graphql";
import { z } from "zod";
import { drainSettings, loadConfig } from "./config.js";
import { credentialsRefused } from "./errors/factories.js";
import { maskError } from "./errors/masking.js";
import { shutdownGracefully, type RunningService } from "./lifecycle.js";
import type { Logger } from "./logger.js";
import type { ServiceMetrics } from "./metrics.js";
import { verifyFromGateway } from "./gateway-signature.js";
import { ReplayGuard } from "./replay-guard.js";
import type { Identity } from "./authorization/roles.js";
import { boundPort, reportListening } from "./listening.js";
import { serveMetrics } from "./metrics-server.js";
import { StartupError } from "./errors/startup.js";
import { createServiceHttpServer, listen } from "./service-http.js";

/** The resolver map `buildSubgraphSchema` accepts; the package exports no public name for it.
 *  A resolver's parent is whatever the type's reference resolver or parent field returned, so it
 *  is left open (`any`) as graphql-js does. */
export interface SubgraphResolvers<TContext> {
  [typeName: string]:
    | {
        [fieldName: string]: GraphQLFieldResolver<any, TContext> | { resolve?: GraphQLFieldResolver<any, TContext> };
      }
    | GraphQLScalarType;
}

export interface SubgraphOptions<TContext extends BaseContext> {
  name: string;
  sdl: string;
  resolvers: SubgraphResolvers<TContext>;
  logger: Logger;
  metrics: ServiceMetrics;
  port: number;
  host: string;
  /** Prometheus metrics are served here, never on the GraphQL port: a scraper needs no access to it */
  metricsPort: number;
  metricsHost: string;
  maxBodyBytes: number;
  /** the secret this subgraph shares with the gateway; requests without its signature get 401 */
  gatewaySecret: string;
  /** `signed` is the verified gateway signature the request came with: its nonce is unique to
   *  this request, so a write can be keyed by it (a replay of the request carries the same one) */
  context: (request: IncomingMessage, requestId: string, logger: Logger, identity: Identity, signed: SignedCall) => Promise<TContext>;
  notReadyReason: () => Promise<string | null>;
  release: () => Promise<void>;
}

/** The signature a request was admitted with. */
export interface SignedCall {
  nonce: string;
  expiresAt: number;
}

export async function startSubgraph<TContext extends BaseContext>(options: SubgraphOptions<TContext>): Promise<RunningService> {
  const { logger } = options;
  // How every service stops is the platform's: read here, at start-up, for both subgraphs.
  const { DRAIN_WINDOW_MS } = loadConfig(z.object(drainSettings));
  const apollo = new ApolloServer<TContext>({
    schema: buildSubgraphSchema({ typeDefs: parse(options.sdl), resolvers: options.resolvers as SubgraphResolvers<unknown> }),
    includeStacktraceInErrorResponses: false,
    // Shutdown is lifecycle.ts's: Apollo's own handler would stop at once and re-raise the signal.
    stopOnTerminationSignals: false,
    // Traces and usage would go to Apollo's cloud, which this system never reports to. Cache
    // control's hook runs for every resolved field, and only the gateway, which ignores the
    // header it computes, reads a subgraph's answer.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled(), ApolloServerPluginCacheControlDisabled()],
    // Only the gateway talks to a subgraph; browsers never do.
    csrfPrevention: true,
    formatError: (formatted) => maskError(formatted, (hidden) => logger.error({ error: hidden }, "unexpected error hidden from the client")),
  });
  await apollo.start();
  const replays = new ReplayGuard();
  const signatures = new WeakMap<IncomingMessage, SignedCall>();
  const server = createServiceHttpServer({
    apollo,
    logger,
    metrics: options.metrics,
    metricsRoute: false,
    maxBodyBytes: options.maxBodyBytes,
    // Nothing executes without the gateway's signature of this very request, used once: not
    // queries, not _service, not _entities.
    admit: async (request, requestId, body) => {
      const verification = verifyFromGateway(options.gatewaySecret, request.headers, { method: request.method ?? "", path: request.url ?? "", body, requestId });
      const reason = !verification.ok ? verification.reason : replays.firstUse(verification.signature, verification.expiresAt) ? null : "replayed";
      if (verification.ok && reason === null) {
        signatures.set(request, { nonce: verification.nonce, expiresAt: verification.expiresAt });
        return { identity: verification.identity };
      }
      logger.warn({ requestId, remote: request.socket.remoteAddress, reason }, "refused a request without a valid gateway signature");
      return { reject: credentialsRefused("This service answers the gateway only") };
    },
    context: (request, requestId, identity) => {
      // Only an admitted request gets a context, and admission recorded its signature.
      const signed = signatures.get(request);
      if (!signed) throw new Error("a request reached its context without an admitted signature");
      return options.context(request, requestId, logger.child({ requestId }), identity, signed);
    },
    notReadyReason: options.notReadyReason,
  });
  // The settings that name this service's host and ports: REVIEWS_PORT, ML_METRICS_HOST, …
  const variable = options.name.toUpperCase();
  const metricsServer = await serveMetrics(options.metrics.registry, options.metricsPort, options.metricsHost, logger).catch(async (error: unknown) => {
    await apollo.stop();
    throw new StartupError(`cannot serve metrics on ${variable}_METRICS_HOST=${options.metricsHost} ${variable}_METRICS_PORT=${options.metricsPort} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  });
  const port = await listen(server, options.port, options.host, { host: `${variable}_HOST`, port: `${variable}_PORT` });
  const metricsPort = boundPort(metricsServer);
  logger.info({ url: `http://${options.host}:${port}/graphql`, metrics: `http://${options.metricsHost}:${metricsPort}/metrics` }, `${options.name} subgraph listening`);
  reportListening({ service: options.name, port, metricsPort });
  const stopped = shutdownGracefully(
    server,
    logger,
    async () => {
      metricsServer.closeAllConnections();
      metricsServer.close();
      await apollo.stop();
      await options.release();
    },
    { drainWindowMs: DRAIN_WINDOW_MS },
  );
  return { stopped };
}
