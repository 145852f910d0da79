// Single use of gateway signatures within a process: a subgraph remembers each signature it
// accepted until the signature expires, and refuses it a second time. Another replica, or this
// one after a restart, does not know it; what must not happen twice — a write — is therefore
// made once in the database instead, keyed by the signature's nonce (subgraphs/reviews,
// idempotency/write-key.ts). A replayed read changes nothing and answers nothing that the
// captured exchange did not already carry; this guard only keeps it from costing work twice here.

export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  /** `capacity` bounds memory: at 2,000 requests/s, ten seconds of signatures are 20,000. */
  constructor(private readonly capacity = 200_000) {}

  /** True the first time a signature is presented before it expires, false afterwards. When
   *  full of unexpired signatures it refuses (fails closed) rather than forget one. */
  firstUse(signature: string, expiresAt: number, now = Date.now()): boolean {
    if (now >= this.nextSweep) this.sweep(now);
    if (this.seen.has(signature)) return false;
    if (this.seen.size >= this.capacity) return false;
    this.seen.set(signature, expiresAt);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(now: number): void {
    this.nextSweep = now + 1_000;
    for (const [signature, expiresAt] of this.seen) if (expiresAt < now) this.seen.delete(signature);
  }
}
