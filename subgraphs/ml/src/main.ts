// The ML subgraph: adds Review.sentiment by running the ONNX models, batched, under the rollout
// state the reviews service keeps (which version serves, which are canaries or shadows). The only place that
// ends the ML process: a start-up failure exits 78 (configuration) or 1, a graceful stop with the
// status its shutdown reports.
import { createLogger, createServiceMetrics, loadConfig, type RunningService, runService, startSubgraph, StartupError } from "@sentiment/platform";
import { readSubgraphSdl } from "@sentiment/schema";
import { mlConfigSchema } from "./config.js";
import { Batcher } from "./inference/batcher.js";
import { OutputCache, runKeepingOutputs } from "./inference/output-cache.js";
import { createInferenceMetrics, registerOutputCacheMetrics, registerRolloutMetrics, textsLabel } from "./inference-metrics.js";
import { ModelLoadError, type LoadedModel } from "./model/loaded-model.js";
import { checkModelDir, modelFiles } from "./model/model-files.js";
import { ServedModels } from "./model/served-models.js";
import { CallerNumbers, readCallerNumber } from "./rollout/caller-numbers.js";
import { pollRolloutState } from "./rollout/rollout-poller.js";
import { ShadowScorer } from "./rollout/shadow-scorer.js";
import { resolvers, type MlContext } from "./resolvers.js";

async function start(): Promise<RunningService> {
  const config = loadConfig(mlConfigSchema);
  const logger = createLogger("ml", config.LOG_LEVEL);
  const metrics = createServiceMetrics("ml");
  const inference = createInferenceMetrics(metrics);

  const outputs = new OutputCache({ maxEntries: config.ML_OUTPUT_CACHE_ENTRIES, maxBytes: config.ML_OUTPUT_CACHE_MB * 1024 * 1024 });
  registerOutputCacheMetrics(metrics, outputs);

  // One batcher per loaded model: a run is one model's, and the texts of one _entities call (one
  // caller, so one version) still make one run.
  const createBatcher = (model: LoadedModel) => {
    const runs = inference.versionRunDuration.labels({ version: model.version, path: "answer" });
    return new Batcher({
      windowMs: config.BATCH_WINDOW_MS,
      maxBatch: config.MAX_BATCH,
      maxBatchChars: config.MAX_BATCH_CHARS,
      maxQueue: config.MAX_QUEUE,
      run: runKeepingOutputs(outputs, () => model),
      onRun: (size, seconds) => {
        inference.batchSize.observe(size);
        inference.latency.observe(seconds);
        runs.observe(seconds);
      },
      onQueueDepth: (depth, callers) => {
        inference.queueDepth.set(depth);
        inference.queueCallers.set(callers);
      },
      onAbandoned: (texts) => inference.abandonedTexts.inc(texts),
      onRequestServed: ({ waitSeconds, texts, runs: count }) => {
        inference.queueWait.observe({ texts: textsLabel(texts) }, waitSeconds);
        if (count > 1) inference.splitRequests.inc();
      },
    });
  };

  if (config.MODEL_DIR) checkModelDir(config.MODEL_DIR);
  const files = () => modelFiles(config.MODEL_PATH, config.MODEL_DIR);
  let models: ServedModels;
  try {
    models = await ServedModels.load(files(), {
      logger,
      outputs,
      createBatcher,
      onChange: (changed) => {
        const { model } = changed.serving;
        inference.modelInfo.reset();
        inference.modelInfo.set({ version: model.version, sha256: model.sha256 }, 1);
      },
    });
  } catch (error) {
    throw error instanceof ModelLoadError ? new StartupError(error.message, { cause: error }) : error;
  }
  registerRolloutMetrics(metrics, () => models.versions());

  const shadow = new ShadowScorer({
    maxQueue: config.SHADOW_MAX_QUEUE,
    maxBatch: config.SHADOW_MAX_BATCH,
    maxTimeShare: config.SHADOW_MAX_TIME_SHARE,
    busy: () => models.busy,
    model: (version) => models.model(version),
    outputs,
    onCompared: ({ version, flipped, difference }) => {
      const figures = models.figuresOf(version);
      figures.shadowCompared += 1;
      if (flipped) figures.shadowFlips += 1;
      inference.shadowDifference.observe({ version }, difference);
    },
    onShed: (version) => {
      models.figuresOf(version).shadowShed += 1;
    },
    onRun: (version, seconds) => inference.versionRunDuration.observe({ version, path: "shadow" }, seconds),
    onError: (version, error) => logger.warn({ err: error, version }, "a shadow run failed; its texts are not compared"),
  });

  const source = config.ROLLOUT_URL && config.ROLLOUT_SECRET ? { url: config.ROLLOUT_URL, secret: config.ROLLOUT_SECRET, timeoutMs: config.ROLLOUT_TIMEOUT_MS } : null;
  const rollout = source ? await pollRolloutState(source, config.ROLLOUT_POLL_MS, (state) => models.applyState(state), logger) : null;
  const callers = source ? new CallerNumbers((identity) => readCallerNumber(source, identity), logger) : null;
  if (!rollout && config.MODEL_DIR) logger.warn("MODEL_DIR is set without ROLLOUT_URL: its models are loaded but take no traffic (the rollout state is read from the reviews service)");

  // SIGHUP: load the model files again and swap; requests in flight finish on the old sessions.
  process.on("SIGHUP", () => {
    const from = models.serving.model.version;
    // files() reads MODEL_DIR, which may have gone since the start: that fails this reload, not the process.
    Promise.resolve()
      .then(() => models.reload(files()))
      .then(({ versions }) => logger.info({ from, to: models.serving.model.version, versions }, "model reloaded"))
      .catch((error: unknown) => logger.error({ err: error }, "model reload failed; still serving the previous models"));
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
    context: async (request, _requestId, _logger, identity) => ({ models, shadow, callers, outputs, maxTextChars: config.MAX_TEXT_CHARS, identity, sentenceLimitRefused, abandoned: () => request.socket.destroyed }),
    // Until the rollout state has been read once, this replica would answer with MODEL_PATH's
    // version whatever the store says serves: not ready (the gateway goes to a replica that
    // knows), however long reviews takes to answer; the poller keeps reading every ROLLOUT_POLL_MS.
    notReadyReason: async () => (rollout && !rollout.read() ? "the rollout state has not been read yet from ROLLOUT_URL" : null),
    release: () => {
      rollout?.stop();
      return models.release();
    },
  });
}

process.exit(await runService("ml", start));
