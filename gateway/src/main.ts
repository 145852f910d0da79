// The gateway: the only public entry point. Serves the static supergraph over the two
// subgraphs, masks errors, and reports its own readiness from the subgraphs'.
import cluster from "node:cluster";
import { readFileSync } from "node:fs";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { loadConfigOrExit } from "@sentiment/platform/config";
import { maskError } from "@sentiment/platform/error-masking";
import { shutdownGracefully } from "@sentiment/platform/lifecycle";
import { createLogger } from "@sentiment/platform/logger";
import { createServiceMetrics } from "@sentiment/platform/metrics";
import { createServiceHttpServer, listen } from "@sentiment/platform/service-http";
import { gatewayConfigSchema } from "./config.js";
import { superviseWorkers } from "./workers.js";
import { subgraphsNotReady } from "./readiness.js";
import { SubgraphSource, type GatewayContext } from "./subgraph-source.js";

const config = loadConfigOrExit("gateway", gatewayConfigSchema);
const logger = createLogger("gateway", config.LOG_LEVEL);

if (config.GATEWAY_WORKERS > 1 && cluster.isPrimary) {
  superviseWorkers(config.GATEWAY_WORKERS, logger);
} else {
  await serve();
}

async function serve(): Promise<void> {

let supergraphSdl: string;
try {
  supergraphSdl = readFileSync(config.SUPERGRAPH_PATH, "utf8");
} catch (error) {
  process.stderr.write(`gateway: cannot read the supergraph SUPERGRAPH_PATH=${config.SUPERGRAPH_PATH} (${(error as NodeJS.ErrnoException).code ?? "error"})\n`);
  process.exit(1);
}

const subgraphs = {
  reviews: { url: config.REVIEWS_URL, timeoutMs: config.REVIEWS_TIMEOUT_MS },
  ml: { url: config.ML_URL, timeoutMs: config.ML_TIMEOUT_MS },
} as const;

const gateway = new ApolloGateway({
  supergraphSdl,
  buildService: ({ name }) => {
    const subgraph = subgraphs[name as keyof typeof subgraphs];
    if (!subgraph) throw new Error(`the supergraph names a subgraph "${name}" this gateway has no URL for`);
    return new SubgraphSource(name, subgraph.url, subgraph.timeoutMs);
  },
});

const production = config.NODE_ENV === "production";
const apollo = new ApolloServer<GatewayContext>({
  gateway,
  introspection: !production,
  includeStacktraceInErrorResponses: false,
  csrfPrevention: true,
  plugins: [production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true })],
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
  context: async (_request, requestId, requestLogger) => ({ requestId, logger: requestLogger }),
  notReadyReason: () => subgraphsNotReady(Object.entries(subgraphs).map(([name, s]) => ({ name, url: s.url }))),
});
await listen(server, config.GATEWAY_PORT, config.GATEWAY_HOST);
logger.info({ url: `http://${config.GATEWAY_HOST}:${config.GATEWAY_PORT}/graphql` }, "gateway listening");
shutdownGracefully(server, logger, async () => {
  await apollo.stop();
});
}
