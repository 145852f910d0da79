// Gathers texts from concurrent requests into model runs: a run starts when MAX_BATCH texts
// wait or the window since the first waiting text has passed. The queue is bounded; past the
// bound a request fails at once instead of waiting behind work it cannot outlive. A text may ask
// for its word contributions; a run returns them when any of its texts asked.

export class OverloadedError extends Error {
  override name = "OverloadedError";
}

export interface BatchItem {
  text: string;
  /** whether this text needs its row of word contributions */
  explain: boolean;
}

export interface Prediction {
  positiveProbability: number;
  /** the text's word contributions when it asked for them and the model gave them, else null */
  contributions: Float32Array | null;
}

/** What one model run gives: P(positive) per text, and contribution rows when they were asked for. */
export interface RunOutput {
  positive: Float32Array;
  contributions: Float32Array[] | null;
}

export interface BatcherOptions {
  windowMs: number;
  maxBatch: number;
  /**
   * characters per run (a longer text runs alone): the model's work and memory grow with the
   * longest text times the batch size, so a few long texts must not share a run with many others
   */
  maxBatchChars: number;
  maxQueue: number;
  run: (texts: string[], withContributions: boolean) => Promise<RunOutput>;
  onRun?: (size: number, seconds: number) => void;
  onQueueDepth?: (depth: number) => void;
}

/** One predict() call: its answers fill in as its texts' runs finish; it settles once. */
interface Call {
  answers: Prediction[];
  remaining: number;
  settled: boolean;
  resolve: (answers: Prediction[]) => void;
  reject: (e: unknown) => void;
}

/** One waiting text: a slot of its call's answers. One promise per call, not per text, keeps a page of 100 texts cheap. */
interface Pending extends BatchItem {
  call: Call;
  index: number;
}

export class Batcher {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly options: BatcherOptions) {}

  /** The predictions of the items, in order. All of them are admitted or none is. */
  predict(items: readonly BatchItem[]): Promise<Prediction[]> {
    if (this.queue.length + items.length > this.options.maxQueue) {
      return Promise.reject(new OverloadedError(`the model queue is full (${this.options.maxQueue} texts); retry shortly`));
    }
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<Prediction[]>((resolve, reject) => {
      const call: Call = { answers: new Array<Prediction>(items.length), remaining: items.length, settled: false, resolve, reject };
      for (let index = 0; index < items.length; index += 1) {
        const item = items[index] as BatchItem;
        this.queue.push({ text: item.text, explain: item.explain, call, index });
      }
      this.options.onQueueDepth?.(this.queue.length);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running) return;
    if (this.queue.length >= this.options.maxBatch || this.options.windowMs === 0) {
      // A full batch, or no window: run at the end of this tick, once every resolver of the
      // current request (the other representations of one _entities call) has enqueued.
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.running = true;
      setImmediate(() => void this.drain());
      return;
    }
    if (this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.drain();
      }, this.options.windowMs);
    }
  }

  /** How many waiting texts the next run takes: at most maxBatch, and maxBatchChars in all unless one text alone is longer. */
  private nextRunSize(): number {
    let chars = 0;
    let size = 0;
    for (const pending of this.queue) {
      if (size === this.options.maxBatch || (size > 0 && chars + pending.text.length > this.options.maxBatchChars)) break;
      chars += pending.text.length;
      size += 1;
    }
    return size;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.nextRunSize());
        this.options.onQueueDepth?.(this.queue.length);
        const started = process.hrtime.bigint();
        try {
          const texts = new Array<string>(batch.length);
          let explain = false;
          for (let i = 0; i < batch.length; i += 1) {
            const pending = batch[i] as Pending;
            texts[i] = pending.text;
            explain ||= pending.explain;
          }
          const output = await this.options.run(texts, explain);
          for (let i = 0; i < batch.length; i += 1) {
            const { call, index, explain: wanted } = batch[i] as Pending;
            call.answers[index] = { positiveProbability: output.positive[i] as number, contributions: (wanted && output.contributions?.[i]) || null };
            call.remaining -= 1;
            if (call.remaining === 0 && !call.settled) {
              call.settled = true;
              call.resolve(call.answers);
            }
          }
        } catch (error) {
          for (const { call } of batch) {
            if (call.settled) continue;
            call.settled = true;
            call.reject(error);
          }
        }
        this.options.onRun?.(batch.length, Number(process.hrtime.bigint() - started) / 1e9);
        // Yield so that HTTP handlers waiting on the loop get a turn between runs.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }
}
