// Shadow scoring: a candidate model reads a sample of the texts the serving model answered, off
// the request path. The answer has gone before the shadow sees the text; shadow runs start only
// while no request waits for a model (so they never hold up an answer's run), in small batches,
// and texts past a bounded queue are dropped and counted: under load, shadow work goes first.
// Idle model time is not idle CPU: on a small machine the gateway shares the cores, so shadow runs
// also rest between runs to stay within a share of wall time (maxTimeShare); what that share
// cannot score waits in the queue and, past its bound, is shed.
import type { OutputCache, RunnableModel } from "../inference/output-cache.js";

export interface ShadowComparison {
  version: string;
  /** the shadow's label differs from the serving model's */
  flipped: boolean;
  /** |P_shadow(positive) - P_serving(positive)| */
  difference: number;
}

export interface ShadowScorerOptions {
  /** texts waiting for shadow scoring, over all shadow versions; beyond it texts are shed */
  maxQueue: number;
  /** texts per shadow run: small, so a request arriving during one waits little */
  maxBatch: number;
  /** the most of wall time (0–1] shadow runs may take: after a run of t, they rest t·(1 − s)/s */
  maxTimeShare: number;
  /** waits `ms` between shadow runs (a timer in the service; tests count the rests instead) */
  rest?: (ms: number) => Promise<void>;
  /** true while requests wait for a model or a model runs for them */
  busy: () => boolean;
  /** the loaded model of a version, undefined when it is no longer loaded */
  model: (version: string) => RunnableModel | undefined;
  outputs: OutputCache;
  onCompared: (comparison: ShadowComparison) => void;
  onShed: (version: string) => void;
  onRun: (version: string, seconds: number) => void;
  onError: (version: string, error: unknown) => void;
}

interface ShadowText {
  version: string;
  text: string;
  servingProbability: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long a waiting shadow run looks again for a moment without requests. */
const IDLE_CHECK_MS = 2;

export class ShadowScorer {
  private queue: ShadowText[] = [];
  private head = 0;
  private draining = false;

  constructor(private readonly options: ShadowScorerOptions) {}

  get waiting(): number {
    return this.queue.length - this.head;
  }

  /** Queues the text for the version's shadow scoring, or sheds it when the queue is full. */
  offer(version: string, text: string, servingProbability: number): void {
    if (this.waiting >= this.options.maxQueue) {
      this.options.onShed(version);
      return;
    }
    this.queue.push({ version, text, servingProbability });
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => void this.drain());
    }
  }

  private compare(item: ShadowText, shadowProbability: number): void {
    this.options.onCompared({
      version: item.version,
      flipped: shadowProbability > 0.5 !== item.servingProbability > 0.5,
      difference: Math.abs(shadowProbability - item.servingProbability),
    });
  }

  /** The next run's texts: up to maxBatch of the first waiting text's version, in order. */
  private nextRun(): ShadowText[] {
    const first = this.queue[this.head] as ShadowText;
    const run: ShadowText[] = [];
    const rest: ShadowText[] = [];
    for (let i = this.head; i < this.queue.length; i += 1) {
      const item = this.queue[i] as ShadowText;
      if (item.version === first.version && run.length < this.options.maxBatch) run.push(item);
      else rest.push(item);
    }
    this.queue = rest;
    this.head = 0;
    return run;
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting > 0) {
        if (this.options.busy()) {
          await new Promise((resolve) => setTimeout(resolve, IDLE_CHECK_MS));
          continue;
        }
        const run = this.nextRun();
        const version = (run[0] as ShadowText).version;
        const model = this.options.model(version);
        if (!model) continue;
        // A text the shadow has read before answers from the cache, as for a served model.
        const unread = run.filter((item) => {
          const cached = this.options.outputs.get(model.sha256, item.text);
          if (cached !== undefined) this.compare(item, cached);
          return cached === undefined;
        });
        if (unread.length === 0) continue;
        const started = process.hrtime.bigint();
        let seconds = 0;
        try {
          const output = await model.predict(
            unread.map((item) => item.text),
            false,
          );
          seconds = Number(process.hrtime.bigint() - started) / 1e9;
          this.options.onRun(version, seconds);
          unread.forEach((item, i) => {
            const probability = output.positive[i] as number;
            this.options.outputs.set(model.sha256, item.text, probability);
            this.compare(item, probability);
          });
        } catch (error) {
          this.options.onError(version, error);
        }
        const share = Math.min(1, Math.max(this.options.maxTimeShare, 1e-3));
        const restMs = share >= 1 ? 0 : (1_000 * seconds * (1 - share)) / share;
        // Requests that arrived during the run go first; then the rest that keeps shadow work
        // within its share of time.
        if (restMs > 0) await (this.options.rest ?? sleep)(restMs);
        else await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.draining = false;
    }
  }
}
