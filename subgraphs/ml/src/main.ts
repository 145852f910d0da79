// The ML subgraph: adds Review.sentiment by running the ONNX model, batched. The only place that
// ends the ML process: a start-up failure exits 78 (configuration) or 1, a graceful stop with the
// status its shutdown reports.
import { createLogger, createServiceMetrics, loadConfig, type RunningService, runService, startSubgraph, StartupError } from "@sentiment/platform";
import { readSubgraphSdl } from "@sentiment/schema";
import { mlConfigSchema } from "./config.js";
import { Batcher } from "./inference/batcher.js";
import { OutputCache, runKeepingOutputs } from "./inference/output-cache.js";
import { createInferenceMetrics, registerOutputCacheMetrics, textsLabel } from "./inference-metrics.js";
import { ModelLoadError, loadModel, type LoadedModel } from "./model/loaded-model.js";
import { resolvers, type MlContext } from "./resolvers.js";

async function start(): Promise<RunningService> {
  const config = loadConfig(mlConfigSchema);
  const logger = createLogger("ml", config.LOG_LEVEL);
  const metrics = createServiceMetrics("ml");
  const inference = createInferenceMetrics(metrics);

  async function loadOrExplain(): Promise<LoadedModel> {
    const started = Date.now();
    const model = await loadModel(config.MODEL_PATH);
    logger.info({ version: model.version, sha256: model.sha256, ms: Date.now() - started }, "model loaded");
    inference.modelInfo.reset();
    inference.modelInfo.set({ version: model.version, sha256: model.sha256 }, 1);
    return model;
  }

  let current: LoadedModel;
  try {
    current = await loadOrExplain();
  } catch (error) {
    throw error instanceof ModelLoadError ? new StartupError(error.message, { cause: error }) : error;
  }

  const outputs = new OutputCache({ maxEntries: config.ML_OUTPUT_CACHE_ENTRIES, maxBytes: config.ML_OUTPUT_CACHE_MB * 1024 * 1024 });
  registerOutputCacheMetrics(metrics, outputs);

  const batcher = new Batcher({
    windowMs: config.BATCH_WINDOW_MS,
    maxBatch: config.MAX_BATCH,
    maxBatchChars: config.MAX_BATCH_CHARS,
    maxQueue: config.MAX_QUEUE,
    // Reads `current` at run time, so a reloaded model takes over from the next run on.
    run: runKeepingOutputs(outputs, () => current),
    onRun: (size, seconds) => {
      inference.batchSize.observe(size);
      inference.latency.observe(seconds);
    },
    onQueueDepth: (depth, callers) => {
      inference.queueDepth.set(depth);
      inference.queueCallers.set(callers);
    },
    onAbandoned: (texts) => inference.abandonedTexts.inc(texts),
    onRequestServed: ({ waitSeconds, texts, runs }) => {
      inference.queueWait.observe({ texts: textsLabel(texts) }, waitSeconds);
      if (runs > 1) inference.splitRequests.inc();
    },
  });

  // SIGHUP: load the model file again and swap; requests in flight finish on the old session.
  process.on("SIGHUP", () => {
    loadOrExplain()
      .then((next) => {
        const previous = current;
        current = next;
        logger.info({ from: previous.version, to: next.version }, "model reloaded");
        // A session that cannot be released leaks its memory; it must not end the process.
        setTimeout(() => {
          previous.release().catch((error: unknown) => logger.warn({ err: error, version: previous.version }, "could not release the previous model session"));
        }, 5_000).unref();
      })
      .catch((error: unknown) => logger.error({ err: error }, "model reload failed; still serving the previous model"));
  });

  const sentenceLimitRefused = () => inference.sentenceLimitRefusals.inc();

  return startSubgraph<MlContext>({
    name: "ml",
    sdl: readSubgraphSdl("ml"),
    resolvers,
    logger,
    metrics,
    port: config.ML_PORT,
    host: config.ML_HOST,
    metricsPort: config.ML_METRICS_PORT,
    metricsHost: config.ML_METRICS_HOST,
    maxBodyBytes: config.MAX_BODY_BYTES,
    gatewaySecret: config.SUBGRAPH_SECRET,
    // A connection the gateway closed is one whose deadline passed: nothing will read the answer.
    context: async (request, _requestId, _logger, identity) => ({ batcher, model: () => current, outputs, maxTextChars: config.MAX_TEXT_CHARS, identity, sentenceLimitRefused, abandoned: () => request.socket.destroyed }),
    notReadyReason: async () => null,
    release: () => current.release(),
  });
}

process.exit(await runService("ml", start));
