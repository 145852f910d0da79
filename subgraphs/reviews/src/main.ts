// The reviews subgraph: owns Review, its storage and the input rules. The only place that ends
// the reviews process: a start-up failure exits 78 (configuration) or 1, a graceful stop with the
// status its shutdown reports.
import { createLogger, createServiceMetrics, loadConfig, type RunningService, runService, startSubgraph, StartupError } from "@sentiment/platform";
import { readSubgraphSdl } from "@sentiment/schema";
import { reviewsConfigSchema } from "./config.js";
import { mlScorer } from "./feedback/served-sentiment.js";
import { mlLoadedVersions } from "./rollout/loaded-versions.js";
import { openStore } from "./store/open-store.js";
import { resolvers, type ReviewsContext } from "./resolvers.js";
import { createFeedbackQuotaMetric, createWriteMetrics, registerFeedbackAgreementMetrics } from "./write-metrics.js";

async function start(): Promise<RunningService> {
  const config = loadConfig(reviewsConfigSchema);
  const logger = createLogger("reviews", config.LOG_LEVEL);

  let reviewStore;
  try {
    reviewStore = await openStore(config, logger);
  } catch (error) {
    const what = `cannot open the ${config.DATABASE_URL ? "PostgreSQL database (DATABASE_URL)" : `SQLite file (SQLITE_PATH=${config.SQLITE_PATH})`}`;
    logger.fatal({ err: error }, what);
    throw new StartupError(`${what}: ${(error as Error).message}`, { cause: error });
  }
  logger.info({ store: reviewStore.kind }, "store ready, migrations applied");
  const ml = config.ML_URL && config.ML_SECRET ? { url: config.ML_URL, secret: config.ML_SECRET, timeoutMs: config.ML_TIMEOUT_MS } : null;
  const scoreText = ml ? mlScorer(ml) : null;
  const loadedVersions = ml ? mlLoadedVersions(ml) : null;
  if (!ml) logger.warn("ML_URL is not set: submitFeedback and setModelRollout are refused (they ask the ML service for its reading of a text, for its model versions)");

  // Keys past their time answer nothing any more; their rows go once a minute.
  const store = reviewStore;
  const sweep = setInterval(() => {
    store.deleteExpiredKeys().then(
      (count) => {
        if (count > 0) logger.debug({ count }, "expired idempotency keys deleted");
      },
      (error: unknown) => logger.warn({ err: error }, "cannot delete expired idempotency keys; trying again in a minute"),
    );
  }, 60_000);
  sweep.unref();

  const metrics = createServiceMetrics("reviews");
  const countWrite = createWriteMetrics(metrics);
  const countFeedbackQuotaRefusal = createFeedbackQuotaMetric(metrics);
  registerFeedbackAgreementMetrics(metrics, () => store.feedback.agreement(null));

  return startSubgraph<ReviewsContext>({
    name: "reviews",
    sdl: readSubgraphSdl("reviews"),
    resolvers,
    logger,
    metrics,
    port: config.REVIEWS_PORT,
    host: config.REVIEWS_HOST,
    metricsPort: config.REVIEWS_METRICS_PORT,
    metricsHost: config.REVIEWS_METRICS_HOST,
    maxBodyBytes: config.MAX_BODY_BYTES,
    gatewaySecret: config.SUBGRAPH_SECRET,
    context: async (_request, requestId, requestLogger, identity, signed) => ({
      store,
      logger: requestLogger,
      maxPageSize: config.MAX_PAGE_SIZE,
      identity,
      signed,
      idempotencyKeyTtlMs: config.IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000,
      countWrite,
      feedbackMaxPerCaller: config.FEEDBACK_MAX_PER_CALLER,
      countFeedbackQuotaRefusal,
      requestId,
      scoreText,
      loadedVersions,
    }),
    notReadyReason: async () => {
      try {
        await reviewStore.ping();
        return null;
      } catch (error) {
        // /readyz says only that; why is for the operator.
        logger.warn({ err: error }, "not ready: the database does not answer");
        return "database unreachable";
      }
    },
    release: () => {
      clearInterval(sweep);
      return store.close();
    },
  });
}

process.exit(await runService("reviews", start));
