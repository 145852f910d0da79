// Gathers texts from concurrent requests into model runs: a run starts when MAX_BATCH texts
// wait or the window since the first waiting text has passed. The queue is bounded; past the
// bound a request fails at once instead of waiting behind work it cannot outlive.

export class OverloadedError extends Error {
  override name = "OverloadedError";
}

export interface BatcherOptions {
  windowMs: number;
  maxBatch: number;
  maxQueue: number;
  run: (texts: string[]) => Promise<Float32Array>;
  onRun?: (size: number, seconds: number) => void;
  onQueueDepth?: (depth: number) => void;
}

interface Pending {
  text: string;
  resolve: (p: number) => void;
  reject: (e: unknown) => void;
}

export class Batcher {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly options: BatcherOptions) {}

  /** Positive probabilities of the texts, in order. All of them are admitted or none is. */
  predict(texts: string[]): Promise<number[]> {
    if (this.queue.length + texts.length > this.options.maxQueue) {
      return Promise.reject(new OverloadedError(`the model queue is full (${this.options.maxQueue} texts); retry shortly`));
    }
    const answers = texts.map((text) => new Promise<number>((resolve, reject) => this.queue.push({ text, resolve, reject })));
    this.options.onQueueDepth?.(this.queue.length);
    this.schedule();
    return Promise.all(answers);
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

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        this.options.onQueueDepth?.(this.queue.length);
        const started = process.hrtime.bigint();
        try {
          const probabilities = await this.options.run(batch.map((p) => p.text));
          batch.forEach((p, i) => p.resolve(probabilities[i] as number));
        } catch (error) {
          for (const p of batch) p.reject(error);
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
