// Slowing a guesser down without locking anyone out: an address past its allowance of failed
// authentications has each further failure answered only after a delay, while valid
// credentials from the same address are answered at once. A guesser that waits for its answers
// gets one guess per delay and connection; held answers are bounded (per address and in all),
// so one that does not wait cannot make the gateway hold more than that: past the bound, a
// failure is answered at once.

/** answers one address may have held back at a time */
export const HELD_PER_ADDRESS = 16;
/** answers held back at a time, all addresses together */
export const HELD_IN_ALL = 1_024;

export class FailureDelay {
  private readonly held = new Map<string, number>();
  private readonly waiting = new Set<() => void>();
  private total = 0;

  constructor(private readonly delayMs: number) {}

  /** Resolves after the delay (true), or at once when the bound is reached or the delay is 0
   *  (false). */
  hold(address: string): Promise<boolean> {
    const mine = this.held.get(address) ?? 0;
    if (this.delayMs === 0 || mine >= HELD_PER_ADDRESS || this.total >= HELD_IN_ALL) return Promise.resolve(false);
    this.held.set(address, mine + 1);
    this.total += 1;
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.waiting.delete(release);
        this.total -= 1;
        const left = (this.held.get(address) ?? 1) - 1;
        if (left === 0) this.held.delete(address);
        else this.held.set(address, left);
        resolve(true);
      };
      const timer = setTimeout(release, this.delayMs);
      this.waiting.add(release);
    });
  }

  /** answers held now */
  size(): number {
    return this.total;
  }

  /** Answers everything held now (the service is stopping: its drain should not wait). */
  releaseAll(): void {
    for (const release of [...this.waiting]) release();
  }
}
