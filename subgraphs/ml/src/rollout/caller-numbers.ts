// Each caller's number in the order callers first met a canary, read from the reviews service
// (which keeps it in the database) once per caller and replica, and only while a canary is set:
// with no canary, no caller waits for it. The read is signed with the caller's own identity, as
// the gateway would sign it.
import type { Identity, Logger } from "@sentiment/platform";
import { callReviews, type RolloutSource } from "./reviews-call.js";

const QUERY = "query ModelRolloutCaller { modelRolloutCaller }";

/** One read of a caller's number from the reviews service; throws when there is none to be had now. */
export async function readCallerNumber(source: RolloutSource, identity: Identity): Promise<number> {
  const { status, json } = await callReviews(source, identity, QUERY);
  const answer = (json ?? {}) as { data?: { modelRolloutCaller?: unknown } | null; errors?: Array<{ message?: string }> };
  const number = answer.data?.modelRolloutCaller;
  if (typeof number !== "number" || !Number.isInteger(number)) throw new Error(answer.errors?.[0]?.message ?? `HTTP ${status} without a number`);
  return number;
}

export class CallerNumbers {
  private known = new Map<string, number>();
  private reading = new Map<string, Promise<number | null>>();
  private failing = false;
  /** when the last read failed (ms since the epoch) */
  private failedAt = Number.NEGATIVE_INFINITY;

  constructor(
    /** readCallerNumber against the reviews service, unless a test gives another */
    private readonly readNumber: (identity: Identity) => Promise<number>,
    private readonly logger: Logger,
    /** callers remembered; the oldest read is forgotten first (read again when it calls) */
    private readonly maxCallers = 100_000,
    /**
     * After a failed read, callers not yet known are answered without a read for this long (ms):
     * while the reviews service is in trouble, each of their requests would otherwise wait up to
     * ROLLOUT_TIMEOUT_MS for a number that does not come.
     */
    private readonly backOffMs = 3_000,
  ) {}

  /** The caller's number: at once when known, else once read; null when it cannot be read now. */
  numberOf(identity: Identity): number | Promise<number | null> {
    const known = this.known.get(identity.subject);
    if (known !== undefined) return known;
    if (Date.now() - this.failedAt < this.backOffMs) return Promise.resolve(null);
    let pending = this.reading.get(identity.subject);
    if (!pending) {
      pending = this.read(identity).finally(() => this.reading.delete(identity.subject));
      this.reading.set(identity.subject, pending);
    }
    return pending;
  }

  private async read(identity: Identity): Promise<number | null> {
    try {
      const number = await this.readNumber(identity);
      if (this.failing) this.logger.info("caller numbers readable again");
      this.failing = false;
      if (this.known.size >= this.maxCallers) this.known.delete(this.known.keys().next().value as string);
      this.known.set(identity.subject, number);
      return number;
    } catch (error) {
      if (!this.failing) this.logger.warn({ reason: (error as Error).message }, "cannot read callers' numbers from the reviews service; callers it has not numbered yet are answered by the serving model meanwhile");
      this.failing = true;
      this.failedAt = Date.now();
      return null;
    }
  }
}
