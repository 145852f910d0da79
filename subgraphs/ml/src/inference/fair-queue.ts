// Which waiting text the model reads next: start-time fair queueing (Goyal, Vin and Cheng, 1996)
// between callers, with one request as the unit of work. Work is counted in characters plus a
// fixed amount per text (the model's time grows with both).
//
// Each request gets a virtual start tag when it arrives: the later of the current virtual time and
// the end of the caller's earlier work. A caller's tags advance by all it sends, so callers share
// the model equally over time whatever the size and number of their requests, and a caller that
// was idle starts from the current virtual time: its request goes ahead of the backlog of the
// others instead of waiting behind it. The smallest tag is served first, text by text (a run takes
// texts from several requests); among equal tags, the request with the least work left, so that a
// one-text request beside big batches goes into the very next run, and a batch under way finishes
// before another of the same tag starts. Requests are served one after another, not all at once:
// sharing every run between eight big batches would finish all eight at the end, each later than
// its deadline.

/** What one text costs beyond its characters: measured, a run of 64 texts of 78 characters takes
 *  about as long as one text of 5,000 and a half, i.e. about 40 characters' worth of work per text. */
export const WORK_PER_TEXT = 40;

export const workOf = (text: string) => text.length + WORK_PER_TEXT;

interface RequestFlow<T> {
  tag: number;
  /** work of the items not yet served */
  waiting: number;
  items: T[];
  /** index of the next item to serve (a request's items are served in order) */
  head: number;
}

const before = (a: RequestFlow<unknown>, b: RequestFlow<unknown>) => a.tag < b.tag || (a.tag === b.tag && a.waiting < b.waiting);

/**
 * A queue of items (each with its work) that gives them out fairly between callers. Linear in the
 * number of waiting requests per pick: they are few next to the texts (at most MAX_QUEUE texts
 * wait, and a request is all the texts of one GraphQL request).
 */
export class FairQueue<T> {
  private virtual = 0;
  private requests = new Map<object, RequestFlow<T>>();
  /** where each recent caller's work ends in virtual time; a caller at or below the virtual time is forgotten */
  private finishOf = new Map<string, number>();
  private callersWaiting = new Map<string, number>();
  private callerOf = new WeakMap<object, string>();
  private count = 0;

  constructor(private readonly work: (item: T) => number) {}

  get size(): number {
    return this.count;
  }

  /** callers with items waiting */
  get callerCount(): number {
    return this.callersWaiting.size;
  }

  /** Adds items of one request (any object standing for it, the same for every call of that request) of a caller. */
  push(caller: string, request: object, items: readonly T[]): void {
    if (items.length === 0) return;
    let flow = this.requests.get(request);
    if (!flow) {
      flow = { tag: Math.max(this.virtual, this.finishOf.get(caller) ?? 0), waiting: 0, items: [], head: 0 };
      this.requests.set(request, flow);
      this.callerOf.set(request, caller);
      this.callersWaiting.set(caller, (this.callersWaiting.get(caller) ?? 0) + 1);
      this.finishOf.set(caller, flow.tag);
    }
    let added = 0;
    for (const item of items) {
      added += this.work(item);
      flow.items.push(item);
    }
    flow.waiting += added;
    this.finishOf.set(caller, (this.finishOf.get(caller) ?? 0) + added);
    this.count += items.length;
  }

  private next(): [object, RequestFlow<T>] | undefined {
    let best: [object, RequestFlow<T>] | undefined;
    for (const entry of this.requests) if (best === undefined || before(entry[1], best[1])) best = entry;
    return best;
  }

  /** The item that would be served next, without serving it. */
  peek(): T | undefined {
    const flow = this.next()?.[1];
    return flow?.items[flow.head];
  }

  /** Serves the next item: the next of the request with the smallest tag. */
  shift(): T | undefined {
    const next = this.next();
    if (!next) return undefined;
    const [request, flow] = next;
    const item = flow.items[flow.head] as T;
    flow.head += 1;
    flow.waiting -= this.work(item);
    this.count -= 1;
    this.virtual = flow.tag;
    if (flow.head === flow.items.length) {
      this.requests.delete(request);
      const caller = this.callerOf.get(request) as string;
      const waiting = (this.callersWaiting.get(caller) ?? 1) - 1;
      if (waiting === 0) this.callersWaiting.delete(caller);
      else this.callersWaiting.set(caller, waiting);
    }
    if (this.count === 0) {
      // Nobody waits: history no longer matters to anyone.
      this.virtual = 0;
      this.finishOf.clear();
    } else if (this.finishOf.size > 2 * this.callersWaiting.size + 64) {
      for (const [caller, finish] of this.finishOf) if (finish <= this.virtual && !this.callersWaiting.has(caller)) this.finishOf.delete(caller);
    }
    return item;
  }
}
