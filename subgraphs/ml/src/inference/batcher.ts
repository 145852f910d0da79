// Gathers texts from concurrent requests into model runs: a run starts when MAX_BATCH texts
// wait or the window since the first waiting text has passed. Runs are bounded (MAX_BATCH texts,
// MAX_BATCH_CHARS characters counted as the model reads them: every text of a run padded to its
// longest), so a long batch is read in several runs and a long text never makes a run of short
// ones pay for its length; the texts of each run are chosen fairly between callers and between
// the requests of a caller (fair-queue.ts): a one-text request joins the next run instead of
// waiting behind every batch that came before it. The queue is bounded, and no caller may fill
// it: past the bound a request fails at once instead of waiting behind work it cannot outlive. A
// text may ask for its word contributions; a run returns them when any of its texts asked.
import { FairQueue, workOf } from "./fair-queue.js";


export class OverloadedError extends Error {
  override name = "OverloadedError";
  /** "queue-full": every caller's texts together fill the queue; "caller-share": this caller's own earlier texts fill its share */
  constructor(message: string, readonly reason: "queue-full" | "caller-share") {
    super(message);
  }
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
   * characters per run, counted as the number of texts times the longest (a longer text runs
   * alone): the model pads every text of a run to the longest, so its work and memory grow with
   * that product, and a 5,000-character text must not share a run with 64 short sentences
   */
  maxBatchChars: number;
  /**
   * texts that may wait in all; one caller's texts, with the ones it adds, may fill at most
   * callerLimit(maxQueue) of it, so that the rest stays open to the other callers
   */
  maxQueue: number;
  run: (texts: string[], withContributions: boolean) => Promise<RunOutput>;
  onRun?: (size: number, seconds: number) => void;
  onQueueDepth?: (depth: number, callers: number) => void;
  /** texts dropped unread because their request was abandoned */
  onAbandoned?: (texts: number) => void;
  /** once per request (all predict() calls of one owner.request): seconds from its first text's arrival to the start of the run that took its last text, its texts, and how many runs took them */
  onRequestServed?: (served: { waitSeconds: number; texts: number; runs: number }) => void;
}

/** Whose work a predict() call is: the caller shares the model with the other callers, the request with the caller's other requests. */
export interface WorkOwner {
  caller: string;
  /** any object standing for one request (the resolvers pass their GraphQL context) */
  request: object;
  /** true once no one waits for the answer any more (the gateway gave up and closed the connection): its texts leave the queue unread */
  abandoned?: () => boolean;
}

export class AbandonedError extends Error {
  override name = "AbandonedError";
}

/** One predict() call: its answers fill in as its texts' runs finish; it settles once. */
interface Call {
  answers: Prediction[];
  remaining: number;
  /** texts not yet taken by a run */
  /** the request this call is part of */
  request: RequestProgress;
  abandoned: (() => boolean) | undefined;
  settled: boolean;
  resolve: (answers: Prediction[]) => void;
  reject: (e: unknown) => void;
}

/** How far the texts of one request (one owner.request, over all its predict() calls) have got. */
interface RequestProgress {
  texts: number;
  untaken: number;
  enqueuedAt: bigint;
  runs: number;
  /** the run that last took texts of this request, to count runs once each */
  lastRun: number;
}

/** One waiting text: a slot of its call's answers. One promise per call, not per text, keeps a page of 100 texts cheap. */
interface Pending extends BatchItem {
  call: Call;
  index: number;
}

/**
 * How many texts of one caller may wait: all but an eighth of the queue. The gateway sends one
 * request's aliases as separate calls, so the limit is the caller's, whatever its requests; at
 * the default MAX_QUEUE (16,384) it is 14,336, above the 12,935 model inputs of the largest
 * request the cost limit admits, which therefore still runs on an idle service.
 */
export const callerLimit = (maxQueue: number) => maxQueue - Math.floor(maxQueue / 8);

export class Batcher {
  private queue = new FairQueue<Pending>((pending) => workOf(pending.text));
  private runCount = 0;
  /** requests with texts not yet taken by a run */
  private progress = new WeakMap<object, RequestProgress>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly options: BatcherOptions) {}

  /** true while texts wait or a run is under way: work that can wait (shadow scoring) holds back */
  get busy(): boolean {
    return this.running || this.queue.size > 0;
  }

  /** The predictions of the items, in order. All of them are admitted or none is. */
  predict(items: readonly BatchItem[], owner: WorkOwner): Promise<Prediction[]> {
    // A caller that keeps several large requests in flight would otherwise hold the whole queue
    // and every other caller's texts would be refused; its own next texts are refused instead.
    // A call of a caller with nothing waiting is admitted whenever it fits, so a queue configured
    // smaller than one text's model inputs still serves. Texts no one waits for any more (the
    // gateway gave up) are dropped before anything is refused for want of room.
    const limit = callerLimit(this.options.maxQueue);
    const overCallerLimit = () => {
      const mine = this.queue.waitingOf(owner.caller);
      return mine > 0 && mine + items.length > limit;
    };
    if (this.queue.size + items.length > this.options.maxQueue) this.dropAbandoned(null);
    else if (overCallerLimit()) this.dropAbandoned(owner.caller);
    if (this.queue.size + items.length > this.options.maxQueue) {
      return Promise.reject(new OverloadedError(`the model queue is full (${this.options.maxQueue} texts); retry shortly`, "queue-full"));
    }
    if (overCallerLimit()) {
      return Promise.reject(new OverloadedError(`the caller's texts would pass its share of the model queue (${this.queue.waitingOf(owner.caller)} wait, ${limit} at most)`, "caller-share"));
    }
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<Prediction[]>((resolve, reject) => {
      let request = this.progress.get(owner.request);
      if (!request || request.untaken === 0) {
        request = { texts: 0, untaken: 0, enqueuedAt: process.hrtime.bigint(), runs: 0, lastRun: -1 };
        this.progress.set(owner.request, request);
      }
      request.texts += items.length;
      request.untaken += items.length;
      const call: Call = { answers: new Array<Prediction>(items.length), remaining: items.length, request, abandoned: owner.abandoned, settled: false, resolve, reject };
      const pending = new Array<Pending>(items.length);
      for (let index = 0; index < items.length; index += 1) {
        const item = items[index] as BatchItem;
        pending[index] = { text: item.text, explain: item.explain, call, index };
      }
      this.queue.push(owner.caller, owner.request, pending);
      this.options.onQueueDepth?.(this.queue.size, this.queue.callerCount);
      this.schedule();
    });
  }

  /** Fails and takes out every waiting text of the abandoned requests of a caller, or (null) of all. */
  private dropAbandoned(caller: string | null): void {
    const dropped = this.queue.dropRequests(caller, (pending) => pending.call.abandoned?.() ?? false);
    for (const pending of dropped) this.failAbandoned(pending);
    if (dropped.length > 0) this.options.onAbandoned?.(dropped.length);
  }

  /** A text taken out unread because its request was abandoned: its call fails, once. */
  private failAbandoned({ call }: Pending): void {
    call.request.untaken -= 1;
    if (!call.settled) {
      call.settled = true;
      call.reject(new AbandonedError("the request was abandoned before the model read its texts"));
    }
  }

  private schedule(): void {
    if (this.running) return;
    if (this.queue.size >= this.options.maxBatch || this.options.windowMs === 0) {
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

  /** The texts of the next run, in fair order: at most maxBatch, and at most maxBatchChars as the model reads them (each text padded to the longest) unless one text alone is longer. */
  private nextRun(): Pending[] {
    const run: Pending[] = [];
    let longest = 0;
    this.runCount += 1;
    const started = process.hrtime.bigint();
    while (run.length < this.options.maxBatch) {
      const next = this.queue.peek();
      if (next === undefined) break;
      if (next.call.abandoned?.()) {
        // Reading it would spend the model on an answer no one will read, while others wait.
        this.queue.shift();
        this.options.onAbandoned?.(1);
        this.failAbandoned(next);
        continue;
      }
      const padded = Math.max(longest, next.text.length);
      if (run.length > 0 && (run.length + 1) * padded > this.options.maxBatchChars) break;
      this.queue.shift();
      longest = padded;
      run.push(next);
      const { request } = next.call;
      if (request.lastRun !== this.runCount) {
        request.lastRun = this.runCount;
        request.runs += 1;
      }
      request.untaken -= 1;
      if (request.untaken === 0) this.options.onRequestServed?.({ waitSeconds: Number(started - request.enqueuedAt) / 1e9, texts: request.texts, runs: request.runs });
    }
    return run;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.size > 0) {
        const batch = this.nextRun();
        this.options.onQueueDepth?.(this.queue.size, this.queue.callerCount);
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
