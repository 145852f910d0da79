// The models this replica serves: every model file loaded (MODEL_PATH and MODEL_DIR's), each
// with a batcher of its own (one _entities call is one caller, so one version and one model
// run), and the routing the rollout state gives them. A file that cannot be loaded, or whose
// outputs break the model contract, is refused with its reason in the log and takes no traffic;
// the serving model keeps serving.
import type { Logger } from "@sentiment/platform";
import type { Batcher } from "../inference/batcher.js";
import type { OutputCache } from "../inference/output-cache.js";
import type { RolloutMode } from "@sentiment/schema";
import { hasCanaryCallers, modeOf, routingChanges, routingOf, versionForBucket, type Routing, type StoredRollout } from "../rollout/routing.js";
import { ModelLoadError, loadModel, sha256OfFile, type LoadedModel } from "./loaded-model.js";

export interface ServedModel {
  model: LoadedModel;
  batcher: Batcher;
}

/** What one version has done in this process (modelInfo's live figures; the metrics read them too). */
export interface VersionFigures {
  /** texts it answered */
  answers: number;
  /** texts it scored in shadow, compared with the serving model's answer */
  shadowCompared: number;
  /** of those, texts whose label differed from the serving model's */
  shadowFlips: number;
  /** texts offered to it in shadow and dropped because shadow work was shed */
  shadowShed: number;
}

export interface VersionView {
  model: LoadedModel;
  mode: RolloutMode;
  share: number;
  figures: VersionFigures;
}

export interface ServedModelsOptions {
  logger: Logger;
  outputs: OutputCache;
  createBatcher: (model: LoadedModel) => Batcher;
  /** reads one model file; `named` is how messages name it (loadModel unless a test gives another) */
  loadModel?: (file: string, named: string) => Promise<LoadedModel>;
  /** the sha256 of a file as it is now (sha256OfFile unless a test gives another): an unchanged file is not loaded again */
  hashFile?: (file: string) => Promise<string>;
  /** how often a replaced model's batcher is looked at until it is idle and its session can go (ms) */
  releaseCheckMs?: number;
  /** told after each change of the loaded models or of the routing */
  onChange?: (models: ServedModels) => void;
}

/**
 * A replaced or removed model's session is released once its batcher has nothing queued or
 * running, looked at this often. A request that picked its model just before the swap enqueues in
 * the same tick (the resolvers do not wait between the two), and a shadow run of the old version
 * is short (SHADOW_MAX_BATCH texts), so one interval of grace after idle covers both.
 */
const RELEASE_CHECK_MS = 1_000;

const emptyFigures = (): VersionFigures => ({ answers: 0, shadowCompared: 0, shadowFlips: 0, shadowShed: 0 });

export class ServedModels {
  private byVersion = new Map<string, ServedModel>();
  private routing: Routing = { serving: "", canaries: [], shadows: [] };
  private stored: readonly StoredRollout[] = [];
  /** the version of MODEL_PATH: it serves when the rollout state names no serving version */
  private defaultVersion = "";
  private figures = new Map<string, VersionFigures>();

  private constructor(private readonly options: ServedModelsOptions) {}

  /**
   * Loads the files: the first (MODEL_PATH) must load, or this throws its ModelLoadError; any
   * other that fails is logged and left out.
   */
  static async load(files: readonly string[], options: ServedModelsOptions): Promise<ServedModels> {
    const served = new ServedModels(options);
    const loaded = await served.loadAll(files, true);
    served.install(loaded, loaded[0] as LoadedModel);
    return served;
  }

  private async loadAll(files: readonly string[], firstRequired: boolean): Promise<LoadedModel[]> {
    const loaded: LoadedModel[] = [];
    for (const [i, file] of files.entries()) {
      const started = Date.now();
      try {
        const unchanged = await this.unchangedLoad(file);
        const model = unchanged ?? (await (this.options.loadModel ?? loadModel)(file, i === 0 ? `MODEL_PATH=${file}` : file));
        const twin = loaded.find((m) => m.version === model.version);
        if (twin) {
          this.options.logger.warn({ file, version: model.version, loadedFrom: twin.path }, "model refused: another file of the same version is loaded");
          if (model !== unchanged) await model.release();
          continue;
        }
        if (unchanged) this.options.logger.info({ version: model.version, sha256: model.sha256, file }, "model file unchanged: kept as loaded");
        else this.options.logger.info({ version: model.version, sha256: model.sha256, file, ms: Date.now() - started }, "model loaded");
        loaded.push(model);
      } catch (error) {
        if (i === 0 && firstRequired) {
          await Promise.all(loaded.map((m) => m.release()));
          throw error;
        }
        const reason = error instanceof ModelLoadError ? error.message : (error as Error).message;
        this.options.logger.error({ file, reason }, "model refused: it takes no traffic");
      }
    }
    return loaded;
  }

  /** The model already loaded from this file when the file's bytes are still the ones it was loaded from. */
  private async unchangedLoad(file: string): Promise<LoadedModel | undefined> {
    const current = [...this.byVersion.values()].find((s) => s.model.path === file)?.model;
    if (!current) return undefined;
    try {
      return (await (this.options.hashFile ?? sha256OfFile)(file)) === current.sha256 ? current : undefined;
    } catch {
      // unreadable now: the loader says why, and reload keeps the previous load
      return undefined;
    }
  }

  private install(models: readonly LoadedModel[], fallback: LoadedModel): void {
    const previous = this.byVersion;
    this.byVersion = new Map(models.map((model) => [model.version, previous.get(model.version)?.model === model ? (previous.get(model.version) as ServedModel) : { model, batcher: this.options.createBatcher(model) }]));
    this.defaultVersion = fallback.version;
    for (const version of this.byVersion.keys()) if (!this.figures.has(version)) this.figures.set(version, emptyFigures());
    const keptShas = new Set(models.map((m) => m.sha256));
    for (const [version, old] of previous) {
      if (this.byVersion.get(version)?.model === old.model) continue;
      if (!keptShas.has(old.model.sha256)) this.options.outputs.forget(old.model.sha256);
      this.releaseWhenIdle(old, version);
    }
    const current = this.byVersion.has(this.routing.serving) ? this.routing.serving : this.defaultVersion;
    this.route(current);
  }

  /** Texts queued on the old batcher run on the old session: it goes only once they all have. */
  private releaseWhenIdle(old: ServedModel, version: string): void {
    const check = () => {
      if (old.batcher.busy) {
        setTimeout(check, this.options.releaseCheckMs ?? RELEASE_CHECK_MS).unref();
        return;
      }
      // A session that cannot be released leaks its memory, never ends the process.
      old.model.release().catch((error: unknown) => this.options.logger.warn({ err: error, version }, "could not release a replaced model session"));
    };
    setTimeout(check, this.options.releaseCheckMs ?? RELEASE_CHECK_MS).unref();
  }

  /**
   * Loads every file again (SIGHUP) and swaps the set: a file that fails now keeps its previous
   * load when it had one, so a bad file written over a served one does not stop it serving.
   */
  async reload(files: readonly string[]): Promise<{ versions: string[] }> {
    const fresh = await this.loadAll(files, false);
    const kept = [...this.byVersion.values()].map((s) => s.model).filter((old) => !fresh.some((m) => m.path === old.path) && files.includes(old.path) && !fresh.some((m) => m.version === old.version));
    const models = [...fresh, ...kept];
    const fallback = models.find((m) => m.path === files[0]) ?? (this.byVersion.get(this.defaultVersion)?.model as LoadedModel);
    if (!models.includes(fallback)) models.unshift(fallback);
    this.install(models, fallback);
    return { versions: models.map((m) => m.version) };
  }

  /** Applies a rollout state read from the store; logs what changes and what cannot be applied here. */
  applyState(stored: readonly StoredRollout[]): void {
    this.stored = stored;
    this.route(this.routing.serving || this.defaultVersion);
  }

  private route(currentServing: string): void {
    // With no serving version in the state, MODEL_PATH's serves; else the state's, when loaded.
    const fallback = this.stored.some((s) => s.mode === "SERVING") ? currentServing : this.defaultVersion;
    const { routing, problems } = routingOf(this.stored, new Set(this.byVersion.keys()), this.byVersion.has(fallback) ? fallback : this.defaultVersion);
    // The first routing (at start) is no change: the versions and their parts are logged by the reader of the state.
    const changes = this.routing.serving === "" ? [] : routingChanges(this.routing, routing);
    this.routing = routing;
    for (const problem of problems) this.options.logger.error({ problem }, "rollout state not fully applied");
    if (changes.length > 0) this.options.logger.info({ changes }, "model rollout changed");
    this.options.onChange?.(this);
  }

  /** true when some callers are answered by a canary: only then does a caller's bucket matter */
  get hasCanaries(): boolean {
    return hasCanaryCallers(this.routing);
  }

  /** The model that answers a caller of this bucket: a canary's when the bucket is in its placement, else the serving one. */
  forBucket(bucket: number): ServedModel {
    const version = versionForBucket(this.routing, bucket);
    return (this.byVersion.get(version) ?? this.byVersion.get(this.routing.serving)) as ServedModel;
  }

  get serving(): ServedModel {
    return this.byVersion.get(this.routing.serving) as ServedModel;
  }

  /** The shadow versions and the share of the serving model's texts each scores. */
  get shadows(): Routing["shadows"] {
    return this.routing.shadows;
  }

  model(version: string): LoadedModel | undefined {
    return this.byVersion.get(version)?.model;
  }

  /** true while any model has requests waiting or running */
  get busy(): boolean {
    for (const served of this.byVersion.values()) if (served.batcher.busy) return true;
    return false;
  }

  figuresOf(version: string): VersionFigures {
    let figures = this.figures.get(version);
    if (!figures) {
      figures = emptyFigures();
      this.figures.set(version, figures);
    }
    return figures;
  }

  /** Every loaded version, the serving one first, then by name. */
  versions(): VersionView[] {
    const views = [...this.byVersion.values()].map(({ model }) => ({ model, ...modeOf(this.routing, model.version), figures: this.figuresOf(model.version) }));
    return views.sort((a, b) => (a.mode === "SERVING" ? -1 : b.mode === "SERVING" ? 1 : a.model.version < b.model.version ? -1 : 1));
  }

  async release(): Promise<void> {
    await Promise.all([...this.byVersion.values()].map((s) => s.model.release()));
  }
}
