// One gateway process: authentication and limits in front of Apollo Server over the static
// supergraph, error masking, the explorer, subgraph health, and metrics on their own port.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { Counter, Gauge } from "prom-client";
import { boundPort, ConfigurationError, createServiceHttpServer, createServiceMetrics, listen, type Logger, maskError, reportListening, type RunningService, serveMetrics, shutdownGracefully, StartupError } from "@sentiment/platform";
import { createAdmission } from "./auth/admission.js";
import { anonymousWritesPlugin } from "./auth/anonymous-writes.js";
import { ApiKeyVerifier } from "./auth/api-keys.js";
import { createJwtVerifier } from "./auth/jwt.js";
import type { GatewayConfig } from "./config.js";
import { costLimitPlugin } from "./limits/cost-limit.js";
import { documentCacheMetricsPlugin } from "./document-cache-metrics.js";
import { FailureDelay } from "./limits/failure-delay.js";
import { createRateLimiter } from "./limits/rate-limit.js";
import { explainAbortedValidation } from "./limits/validation-aborted.js";
import { operationResolutionPlugin } from "./operation-resolution.js";
import { serveExplorer } from "./explorer.js";
import { tryPageRoute } from "./try-page.js";
import { allowListPlugin, loadManifest, persistedQueryRefusal, persistedQueryCache } from "./persisted-operations.js";
import { SubgraphHealth } from "./subgraph-health.js";
import { SubgraphSource, type GatewayContext } from "./subgraph-source.js";

/** How long start-up waits for Redis's first answer before the limits count locally. */
const LIMITS_SETTLE_MS = 3_000;

/** Throws ConfigurationError or StartupError when something it needs is wrong or missing. */
export async function serveGateway(config: GatewayConfig, logger: Logger): Promise<RunningService> {
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(config.SUPERGRAPH_PATH, "utf8");
  } catch (error) {
    throw new StartupError(`cannot read the supergraph SUPERGRAPH_PATH=${config.SUPERGRAPH_PATH} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }

  const subgraphs = {
    reviews: { url: config.REVIEWS_URL, timeoutMs: config.REVIEWS_TIMEOUT_MS, secret: config.REVIEWS_SECRET },
    ml: { url: config.ML_URL, timeoutMs: config.ML_TIMEOUT_MS, secret: config.ML_SECRET },
  } as const;

  let apiKeys: ApiKeyVerifier;
  try {
    apiKeys = new ApiKeyVerifier(config.API_KEYS_PATH, logger);
  } catch (error) {
    throw new StartupError(`cannot read the API key file API_KEYS_PATH=${config.API_KEYS_PATH}: ${(error as Error).message}`, { cause: error });
  }
  const authenticator = {
    apiKeys,
    jwt: await createJwtVerifier({ jwksUrl: config.JWT_JWKS_URL, publicKey: config.JWT_PUBLIC_KEY, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }).catch((error: Error) => {
      throw new ConfigurationError("JWT_PUBLIC_KEY", `JWT_PUBLIC_KEY cannot be used: ${error.message}`, { cause: error });
    }),
    allowAnonymous: config.ALLOW_ANONYMOUS,
    logger,
  };
  let manifest: Map<string, string>;
  try {
    manifest = loadManifest(config.PERSISTED_DOCUMENTS_PATH);
  } catch (error) {
    throw new StartupError(`cannot load the persisted-operations manifest PERSISTED_DOCUMENTS_PATH=${config.PERSISTED_DOCUMENTS_PATH}: ${(error as Error).message}`, { cause: error });
  }
  const rateLimiter = createRateLimiter({
    perCaller: config.RATE_LIMIT_PER_CALLER,
    perAddress: config.RATE_LIMIT_PER_ADDRESS,
    authFailuresPerAddress: config.RATE_LIMIT_AUTH_FAILURES,
    authFailuresPerCredential: config.RATE_LIMIT_AUTH_FAILURES_PER_CREDENTIAL,
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    redisUrl: config.REDIS_URL,
    redisCommandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    logger,
  });
  const armor = new ApolloArmor({
    maxDepth: { n: config.MAX_DEPTH },
    maxAliases: { n: config.MAX_ALIASES },
    // graphql-js's own limit (parseOptions below) instead: graphql-armor's re-parses the
    // document in a plugin and reports every syntax error as GRAPHQL_VALIDATION_FAILED.
    maxTokens: { enabled: false },
    maxDirectives: { n: config.MAX_DIRECTIVES },
    // Replaced by our own cost limit, which counts list sizes.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: config.NODE_ENV === "production" },
  }).protect();

  const production = config.NODE_ENV === "production";
  const metrics = createServiceMetrics("gateway");
  const retries = new Counter({
    name: "subgraph_retries_total",
    help: "subgraph calls sent again: refused (never sent, any operation) or reset before an answer (reads only)",
    labelNames: ["subgraph", "reason"] as const,
    registers: [metrics.registry],
  });
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const subgraph = subgraphs[name as keyof typeof subgraphs];
      if (!subgraph) throw new Error(`the supergraph names a subgraph "${name}" this gateway has no URL for`);
      return new SubgraphSource(name, subgraph.url, subgraph.timeoutMs, subgraph.secret, (reason) => retries.inc({ subgraph: name, reason }));
    },
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.INTROSPECTION,
    includeStacktraceInErrorResponses: false,
    // Shutdown is lifecycle.ts's: Apollo's own handler would stop at once and re-raise the signal.
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Parsing stops past MAX_TOKENS tokens, before any work grows with the document:
    // GRAPHQL_PARSE_FAILED, "Document contains more than … tokens. Parsing aborted."
    parseOptions: { maxTokens: config.MAX_TOKENS },
    persistedQueries: { cache: persistedQueryCache(manifest) },
    validationRules: armor.validationRules,
    plugins: [
      // graphql-armor's types come from Apollo Server's CommonJS build; the objects are the same.
      ...(armor.plugins as unknown as Array<ApolloServerPlugin<GatewayContext>>),
      operationResolutionPlugin(),
      anonymousWritesPlugin(),
      costLimitPlugin(config.MAX_COST),
      documentCacheMetricsPlugin(metrics.registry),
      ...(config.PERSISTED_OPERATIONS_ONLY ? [allowListPlugin(manifest)] : []),
      production
        ? ApolloServerPluginLandingPageDisabled()
        : // No header can be prefilled: keys are stored hashed, so the gateway never knows one.
          ApolloServerPluginLandingPageLocalDefault({
            embed: true,
            document: "query { analyzeReview(text: \"This is a must see.\") { sentiment { label score } } }",
          }),
    ],
    formatError: (formatted) => maskError(explainAbortedValidation(formatted), (hidden) => logger.error({ error: hidden }, "unexpected error hidden from the client")),
  });

  try {
    await apollo.start();
  } catch (error) {
    throw new StartupError(`cannot load the supergraph ${config.SUPERGRAPH_PATH}: ${(error as Error).message}`, { cause: error });
  }

  const subgraphHealth = new SubgraphHealth(Object.entries(subgraphs).map(([name, s]) => ({ name, url: s.url })), metrics.registry, logger);
  new Gauge({
    name: "rate_limit_store",
    help: "1 for where the rate limits are counted now: shared (Redis answers), local (Redis does not; this instance counts alone), memory (no Redis configured)",
    labelNames: ["mode"] as const,
    registers: [metrics.registry],
    collect() {
      const now = rateLimiter.mode();
      for (const mode of ["shared", "local", "memory"] as const) this.set({ mode }, mode === now ? 1 : 0);
    },
  });
  const failureDelay = new FailureDelay(config.AUTH_FAILURE_DELAY_MS);
  const admit = createAdmission({
    authenticator,
    limits: rateLimiter,
    failureDelay,
    trustedProxies: config.TRUSTED_PROXIES,
    forwardedHeader: config.TRUSTED_PROXY_HEADER,
    registry: metrics.registry,
  });
  const tryPage = tryPageRoute(config.TRY_PAGE_DIR);
  const server = createServiceHttpServer<GatewayContext>({
    apollo,
    logger,
    metrics,
    metricsRoute: false,
    maxBodyBytes: config.MAX_BODY_BYTES,
    admit,
    refuse: persistedQueryRefusal,
    // One child logger per request, with both bindings at once (pino's child() is not free).
    context: async (_request, requestId, identity) => ({ requestId, logger: logger.child({ requestId, caller: identity.subject }), identity }),
    routes: (request, response, url) => tryPage(request, response, url) || (config.EXPLORER && serveExplorer(request, response, url)),
    // Ready means this process can serve; with a subgraph down it still answers (partially).
    notReadyReason: async () => null,
  });
  let metricsServer: Server;
  try {
    metricsServer = await serveMetrics(metrics.registry, config.METRICS_PORT, config.METRICS_HOST, logger);
  } catch (error) {
    throw new StartupError(`cannot serve metrics on METRICS_HOST=${config.METRICS_HOST} METRICS_PORT=${config.METRICS_PORT} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }
  // Requests are taken once the limits know where they count, so a gateway starting beside a
  // healthy Redis never counts its first requests alone. Bounded: Redis's connect timeout is 1 s,
  // and a Redis that has not answered by then leaves the limits local, as a later outage would.
  await Promise.race([rateLimiter.settled(), delay(LIMITS_SETTLE_MS, undefined, { ref: false })]);
  const port = await listen(server, config.GATEWAY_PORT, config.GATEWAY_HOST, { host: "GATEWAY_HOST", port: "GATEWAY_PORT" });
  const metricsPort = boundPort(metricsServer);
  subgraphHealth.start(config.SUBGRAPH_PROBE_INTERVAL_MS);
  logger.info({ url: `http://${config.GATEWAY_HOST}:${port}/graphql`, metrics: `http://${config.METRICS_HOST}:${metricsPort}/metrics`, trustedProxies: config.TRUSTED_PROXIES.ranges }, "gateway listening");
  reportListening({ service: "gateway", port, metricsPort });
  const stopped = shutdownGracefully(
    server,
    logger,
    async () => {
      subgraphHealth.stop();
      metricsServer.closeAllConnections();
      metricsServer.close();
      await apollo.stop();
      await rateLimiter.close();
    },
    // Failures held back on purpose are answered at once: the drain should not wait for them.
    { drainWindowMs: config.DRAIN_WINDOW_MS, onStopping: () => failureDelay.releaseAll() },
  );
  return { stopped };
}
