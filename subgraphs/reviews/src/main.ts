// The reviews subgraph: owns Review, its storage and the input rules.
import { loadConfigOrExit } from "@sentiment/platform/config";
import { createLogger } from "@sentiment/platform/logger";
import { createServiceMetrics } from "@sentiment/platform/metrics";
import { startSubgraph } from "@sentiment/platform/subgraph-server";
import { readSubgraphSdl } from "@sentiment/schema";
import { reviewsConfigSchema } from "./config.js";
import { openStore } from "./open-store.js";
import { resolvers, type ReviewsContext } from "./resolvers.js";

const config = loadConfigOrExit("reviews", reviewsConfigSchema);
const logger = createLogger("reviews", config.LOG_LEVEL);

let store;
try {
  store = await openStore(config, logger);
} catch (error) {
  logger.fatal({ err: error }, `cannot open the ${config.DATABASE_URL ? "PostgreSQL database (DATABASE_URL)" : `SQLite file (SQLITE_PATH=${config.SQLITE_PATH})`}`);
  process.exit(1);
}
const reviewStore = store;
logger.info({ store: reviewStore.kind }, "store ready, migrations applied");

await startSubgraph<ReviewsContext>({
  name: "reviews",
  sdl: readSubgraphSdl("reviews"),
  resolvers,
  logger,
  metrics: createServiceMetrics("reviews"),
  port: config.REVIEWS_PORT,
  host: config.REVIEWS_HOST,
  maxBodyBytes: config.MAX_BODY_BYTES,
  gatewaySecret: config.SUBGRAPH_SECRET,
  context: async (_request, _requestId, requestLogger, identity) => ({ store: reviewStore, logger: requestLogger, maxPageSize: config.MAX_PAGE_SIZE, identity }),
  notReadyReason: async () => {
    try {
      await reviewStore.ping();
      return null;
    } catch {
      return "database unreachable";
    }
  },
  release: () => reviewStore.close(),
});
