// Which waiting text the model reads next: start-time fair queueing (Goyal, Vin and Cheng, 1996)
// between callers, text by text, served in rounds. Work is counted in characters plus a fixed
// amount per text (the model's time grows with both).
//
// Each text gets a virtual start tag when it arrives: the later of the current virtual time (the
// tag of the text being read) and the end of its caller's earlier work, so a caller's tags advance
// by all it sends. A caller that was idle starts at the current virtual time: its request goes
// into the very next run instead of waiting behind the backlog of the others. Callers that keep
// sending share the model equally over time, whatever the size and number of their requests.
//
// Requests are ordered by the round their next text's tag falls in (ROUND of work), and within a
// round by the work they have left: batches of one round are read one after another, not all at
// once (sharing every run between eight big batches would finish all eight at the end, each later
// than its deadline), and a one-text request beats any batch of its round.

/** What one text costs beyond its characters: measured, a run of 64 texts of 78 characters takes
 *  about as long as one text of 5,000 and a half, i.e. about 40 characters' worth of work per text. */
export const WORK_PER_TEXT = 40;

export const workOf = (text: string) => text.length + WORK_PER_TEXT;

/** Work per round: a little more than the largest batch of 50 texts of 5,000 characters, so that such a batch is read in one go. */
export const ROUND = 262_144;

interface RequestFlow<T> {
  caller: string;
  items: T[];
  /** each item's virtual start tag */
  tags: number[];
  /** index of the next item to serve (a request's items are served in order) */
  head: number;
  /** work of the items not yet served */
  waiting: number;
}

const roundOf = (flow: RequestFlow<unknown>) => Math.floor((flow.tags[flow.head] as number) / ROUND);

function before(a: RequestFlow<unknown>, b: RequestFlow<unknown>): boolean {
  const ra = roundOf(a);
  const rb = roundOf(b);
  return ra < rb || (ra === rb && a.waiting < b.waiting);
}

/**
 * A queue of items (each with its work) that gives them out fairly between callers. Linear in the
 * number of waiting requests per pick: they are few next to the texts (at most MAX_QUEUE texts
 * wait, and a request is all the texts of one GraphQL request).
 */
export class FairQueue<T> {
  /** the tag of the item served last */
  private virtual = 0;
  private requests = new Map<object, RequestFlow<T>>();
  /** where each recent caller's work ends in virtual time; a caller at or below the virtual time is forgotten */
  private finishOf = new Map<string, number>();
  private callersWaiting = new Map<string, number>();
  /** items waiting per caller */
  private itemsOf = new Map<string, number>();
  private count = 0;

  constructor(private readonly work: (item: T) => number) {}

  get size(): number {
    return this.count;
  }

  /** callers with items waiting */
  get callerCount(): number {
    return this.callersWaiting.size;
  }

  /** how many of a caller's items wait */
  waitingOf(caller: string): number {
    return this.itemsOf.get(caller) ?? 0;
  }

  /** Adds items of one request (any object standing for it, the same for every call of that request) of a caller. */
  push(caller: string, request: object, items: readonly T[]): void {
    if (items.length === 0) return;
    let flow = this.requests.get(request);
    if (!flow) {
      flow = { caller, items: [], tags: [], head: 0, waiting: 0 };
      this.requests.set(request, flow);
      this.callersWaiting.set(caller, (this.callersWaiting.get(caller) ?? 0) + 1);
    }
    let finish = Math.max(this.virtual, this.finishOf.get(caller) ?? 0);
    for (const item of items) {
      const work = this.work(item);
      flow.items.push(item);
      flow.tags.push(finish);
      flow.waiting += work;
      finish += work;
    }
    this.finishOf.set(caller, finish);
    this.itemsOf.set(caller, this.waitingOf(caller) + items.length);
    this.count += items.length;
  }

  /**
   * Takes out the waiting items of the requests whose next item `gone` says no one waits for, of
   * one caller or (null) of every caller; returns them. A caller's later work is then tagged from
   * where its remaining work ends, not after work that will never run.
   */
  dropRequests(caller: string | null, gone: (item: T) => boolean): T[] {
    const dropped: T[] = [];
    const touched = new Set<string>();
    for (const [request, flow] of this.requests) {
      if ((caller !== null && flow.caller !== caller) || !gone(flow.items[flow.head] as T)) continue;
      const rest = flow.items.slice(flow.head);
      dropped.push(...rest);
      this.removeFlow(request, flow);
      this.count -= rest.length;
      this.forget(flow.caller, rest.length);
      touched.add(flow.caller);
    }
    for (const who of touched) {
      let end = -1;
      for (const flow of this.requests.values()) {
        if (flow.caller !== who || flow.items.length === 0) continue;
        const last = flow.items.length - 1;
        end = Math.max(end, (flow.tags[last] as number) + this.work(flow.items[last] as T));
      }
      if (end < 0) this.finishOf.delete(who);
      else this.finishOf.set(who, end);
    }
    if (dropped.length > 0) this.tidy();
    return dropped;
  }

  private forget(caller: string, items: number): void {
    const left = this.waitingOf(caller) - items;
    if (left === 0) this.itemsOf.delete(caller);
    else this.itemsOf.set(caller, left);
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

  /** Serves the next item: the next of the request first in order. */
  shift(): T | undefined {
    const next = this.next();
    if (!next) return undefined;
    const [request, flow] = next;
    const item = flow.items[flow.head] as T;
    this.virtual = Math.max(this.virtual, flow.tags[flow.head] as number);
    flow.head += 1;
    flow.waiting -= this.work(item);
    this.count -= 1;
    this.forget(flow.caller, 1);
    if (flow.head === flow.items.length) this.removeFlow(request, flow);
    this.tidy();
    return item;
  }

  private removeFlow(request: object, flow: RequestFlow<T>): void {
    this.requests.delete(request);
    const waiting = (this.callersWaiting.get(flow.caller) ?? 1) - 1;
    if (waiting === 0) this.callersWaiting.delete(flow.caller);
    else this.callersWaiting.set(flow.caller, waiting);
  }

  private tidy(): void {
    if (this.count === 0) {
      // Nobody waits: history no longer matters to anyone.
      this.virtual = 0;
      this.finishOf.clear();
    } else if (this.finishOf.size > 2 * this.callersWaiting.size + 64) {
      for (const [caller, finish] of this.finishOf) if (finish <= this.virtual && !this.callersWaiting.has(caller)) this.finishOf.delete(caller);
    }
  }
}
