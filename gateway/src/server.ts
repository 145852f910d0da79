// One gateway process: authentication and limits in front of Apollo Server over the static
// supergraph, error masking, the explorer, and readiness taken from the subgraphs'.
import { readFileSync } from "node:fs";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { maskError } from "@sentiment/platform/error-masking";
import { shutdownGracefully } from "@sentiment/platform/lifecycle";
import type { Logger } from "@sentiment/platform/logger";
import { createServiceMetrics } from "@sentiment/platform/metrics";
import { createServiceHttpServer, listen, type Admission } from "@sentiment/platform/service-http";
import { ApiKeyVerifier } from "./auth/api-keys.js";
import { authenticate } from "./auth/authenticate.js";
import { createJwtVerifier } from "./auth/jwt.js";
import type { GatewayConfig } from "./config.js";
import { costLimitPlugin } from "./limits/operation-cost.js";
import { createRateLimiter } from "./limits/rate-limit.js";
import { serveExplorer } from "./explorer.js";
import { allowListPlugin, loadManifest, persistedQueryCache } from "./persisted-operations.js";
import { subgraphsNotReady } from "./readiness.js";
import { SubgraphSource, type GatewayContext } from "./subgraph-source.js";

export async function serveGateway(config: GatewayConfig, logger: Logger): Promise<void> {
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(config.SUPERGRAPH_PATH, "utf8");
  } catch (error) {
    process.stderr.write(`gateway: cannot read the supergraph SUPERGRAPH_PATH=${config.SUPERGRAPH_PATH} (${(error as NodeJS.ErrnoException).code ?? "error"})\n`);
    process.exit(1);
  }

  const subgraphs = {
    reviews: { url: config.REVIEWS_URL, timeoutMs: config.REVIEWS_TIMEOUT_MS, secret: config.REVIEWS_SECRET },
    ml: { url: config.ML_URL, timeoutMs: config.ML_TIMEOUT_MS, secret: config.ML_SECRET },
  } as const;

  let apiKeys: ApiKeyVerifier;
  try {
    apiKeys = new ApiKeyVerifier(config.API_KEYS_PATH);
  } catch (error) {
    process.stderr.write(`gateway: cannot read the API key file API_KEYS_PATH=${config.API_KEYS_PATH}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const authenticator = {
    apiKeys,
    jwt: await createJwtVerifier({ jwksUrl: config.JWT_JWKS_URL, publicKeyPem: config.JWT_PUBLIC_KEY, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }).catch((error: Error) => {
      process.stderr.write(`gateway: JWT_PUBLIC_KEY cannot be used: ${error.message}\n`);
      process.exit(78);
    }),
    allowAnonymous: config.ALLOW_ANONYMOUS,
  };
  let manifest: Map<string, string>;
  try {
    manifest = loadManifest(config.PERSISTED_DOCUMENTS_PATH);
  } catch (error) {
    process.stderr.write(`gateway: cannot load the persisted-operations manifest PERSISTED_DOCUMENTS_PATH=${config.PERSISTED_DOCUMENTS_PATH}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const rateLimiter = createRateLimiter({
    perCaller: config.RATE_LIMIT_PER_CALLER,
    perAddress: config.RATE_LIMIT_PER_ADDRESS,
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    redisUrl: config.REDIS_URL,
  });
  const armor = new ApolloArmor({
    maxDepth: { n: config.MAX_DEPTH },
    maxAliases: { n: config.MAX_ALIASES },
    maxTokens: { n: config.MAX_TOKENS },
    maxDirectives: { n: config.MAX_DIRECTIVES },
    // Replaced by our own cost limit, which counts list sizes.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: config.NODE_ENV === "production" },
  }).protect();

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const subgraph = subgraphs[name as keyof typeof subgraphs];
      if (!subgraph) throw new Error(`the supergraph names a subgraph "${name}" this gateway has no URL for`);
      return new SubgraphSource(name, subgraph.url, subgraph.timeoutMs, subgraph.secret);
    },
  });

  const production = config.NODE_ENV === "production";
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.INTROSPECTION,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    persistedQueries: { cache: persistedQueryCache(manifest) },
    validationRules: armor.validationRules,
    plugins: [
      // graphql-armor's types come from Apollo Server's CommonJS build; the objects are the same.
      ...(armor.plugins as unknown as Array<ApolloServerPlugin<GatewayContext>>),
      costLimitPlugin(config.MAX_COST),
      ...(config.PERSISTED_OPERATIONS_ONLY ? [allowListPlugin(manifest)] : []),
      production
        ? ApolloServerPluginLandingPageDisabled()
        : // No header can be prefilled: keys are stored hashed, so the gateway never knows one.
          ApolloServerPluginLandingPageLocalDefault({
            embed: true,
            document: "query { analyzeReview(text: \"This is a must see.\") { sentiment { label score } } }",
          }),
    ],
    formatError: (formatted) => maskError(formatted, (hidden) => logger.error({ error: hidden }, "unexpected error hidden from the client")),
  });

  try {
    await apollo.start();
  } catch (error) {
    process.stderr.write(`gateway: cannot load the supergraph ${config.SUPERGRAPH_PATH}: ${(error as Error).message}\n`);
    process.exit(1);
  }

  const server = createServiceHttpServer<GatewayContext>({
    apollo,
    logger,
    metrics: createServiceMetrics("gateway"),
    maxBodyBytes: config.MAX_BODY_BYTES,
    admit: async (request): Promise<Admission> => {
      const identity = await authenticate(request, authenticator);
      if (!identity) {
        return { reject: { status: 401, code: "UNAUTHENTICATED", message: "Missing or invalid credentials", headers: { "www-authenticate": "Bearer" } } };
      }
      const retryAfter = await rateLimiter.check(identity.subject, request.socket.remoteAddress ?? "unknown");
      if (retryAfter !== null) {
        return { reject: { status: 429, code: "RATE_LIMITED", message: `Too many requests; retry in ${retryAfter} s`, headers: { "retry-after": String(retryAfter) } } };
      }
      return { identity };
    },
    context: async (_request, requestId, requestLogger, identity) => ({ requestId, logger: requestLogger.child({ caller: identity.subject }), identity }),
    routes: config.EXPLORER ? (request, response, url) => serveExplorer(request, response, url) : undefined,
    notReadyReason: () => subgraphsNotReady(Object.entries(subgraphs).map(([name, s]) => ({ name, url: s.url }))),
  });
  await listen(server, config.GATEWAY_PORT, config.GATEWAY_HOST);
  logger.info({ url: `http://${config.GATEWAY_HOST}:${config.GATEWAY_PORT}/graphql` }, "gateway listening");
  shutdownGracefully(server, logger, async () => {
    await apollo.stop();
    await rateLimiter.close();
  });
}
