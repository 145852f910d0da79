// Requests per caller and per client address, and failed authentications per presented
// credential and per address: in memory, or shared through Redis so that several gateway instances enforce one limit. Redis
// must answer within a few tens of milliseconds; when it does not (stopped, unreachable, slow)
// the limits fall back to this instance's memory until a probe finds Redis answering again,
// and each change of state is logged once.
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { ANONYMOUS_SUBJECT, type Logger } from "@sentiment/platform";

export interface RateLimitSettings {
  perCaller: number;
  perAddress: number;
  /** failed authentications an address may make per window before its further failures are slowed */
  authFailuresPerAddress: number;
  /** failures of one presented credential per window before its failures are answered 429 */
  authFailuresPerCredential: number;
  windowSeconds: number;
  redisUrl?: string;
  /** how long a Redis command may take before the instance's own limits are used */
  redisCommandTimeoutMs: number;
  logger: Logger;
}

/** Which limit refused a request, and for how many seconds. */
export interface LimitReached {
  limit: "caller" | "address";
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** null when allowed, otherwise the limit reached: a caller with valid credentials is counted
   *  by itself only, an anonymous one by its address */
  check(caller: string, address: string): Promise<LimitReached | null>;
  /** seconds until a credential past its failures may fail with a plain 401 again, or null */
  credentialBlocked(credential: string): Promise<number | null>;
  /** Counts a failed authentication of `credential` (a fingerprint) from `address`; resolves to
   *  the seconds left in the window when the address is past its allowance, else null. Past
   *  it, the credential is not counted: an address adds at most its allowance of credentials
   *  to the store per window, however many it invents. */
  recordAuthFailure(credential: string, address: string): Promise<number | null>;
  /** "shared" while Redis answers, "local" while this instance counts alone, "memory" without Redis */
  mode(): "shared" | "local" | "memory";
  /** Resolves once the limits know where they count: Redis is ready, or it failed (at once
   *  without Redis). Until then a request would be counted in this instance's memory, and the
   *  counts made meanwhile would be lost when Redis comes in: an address's failures split in two. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const PROBE_INTERVAL_MS = 1_000;

const retrySeconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Which store the limits use, switched on Redis's answers and logged once per change. */
class RedisState {
  private current: "starting" | "shared" | "local" | "stopped" = "starting";
  private readonly probe: NodeJS.Timeout;
  private settle: () => void = () => undefined;
  /** resolved by the first answer or failure of Redis */
  readonly settled = new Promise<void>((resolve) => {
    this.settle = resolve;
  });

  constructor(private readonly redis: Redis, private readonly logger: Logger) {
    // ioredis prints an unstructured line for an 'error' event nobody listens to.
    redis.on("error", (error: Error) => this.fallBack(error.message));
    redis.on("close", () => this.fallBack("connection closed"));
    redis.on("ready", () => this.share());
    // A connection can stay "ready" while Redis answers nothing (a stopped process): only a
    // command that answers in time brings the shared limits back.
    this.probe = setInterval(() => {
      if (this.current !== "local" || redis.status !== "ready") return;
      redis.ping().then(
        () => this.share(),
        () => undefined,
      );
    }, PROBE_INTERVAL_MS);
    this.probe.unref();
  }

  get shared(): boolean {
    return this.current === "shared";
  }

  share(): void {
    this.settle();
    if (this.current === "shared" || this.current === "stopped") return;
    this.current = "shared";
    this.logger.info({ rateLimits: "shared" }, "rate limits shared through Redis");
  }

  fallBack(reason: string): void {
    this.settle();
    if (this.current === "local" || this.current === "stopped") return;
    this.current = "local";
    this.logger.warn({ rateLimits: "local", reason }, "Redis does not answer; rate limits fall back to this instance's memory");
  }

  stop(): void {
    this.settle();
    this.current = "stopped";
    clearInterval(this.probe);
  }
}

interface Limit {
  consume(key: string): Promise<RateLimiterRes>;
  get(key: string): Promise<RateLimiterRes | null>;
}

export function createRateLimiter(settings: RateLimitSettings): RateLimiter {
  const redis = settings.redisUrl
    ? new Redis(settings.redisUrl, {
        commandTimeout: settings.redisCommandTimeoutMs,
        // Fail at once while disconnected instead of queueing commands until Redis returns.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        connectTimeout: 1_000,
        retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      })
    : null;
  const state = redis ? new RedisState(redis, settings.logger) : null;

  const make = (points: number, keyPrefix: string): Limit => {
    const local = new RateLimiterMemory({ points, duration: settings.windowSeconds, keyPrefix });
    if (!redis || !state) return local;
    const shared: RateLimiterAbstract = new RateLimiterRedis({ storeClient: redis, points, duration: settings.windowSeconds, keyPrefix });
    const either = async <T>(run: (limiter: RateLimiterAbstract) => Promise<T>): Promise<T> => {
      if (!state.shared) return run(local);
      try {
        return await run(shared);
      } catch (error) {
        // A refusal is an answer; anything else means Redis did not give one.
        if (error instanceof RateLimiterRes) throw error;
        state.fallBack((error as Error).message);
        return run(local);
      }
    };
    return { consume: (key) => either((l) => l.consume(key)), get: (key) => either((l) => l.get(key)) };
  };
  const byCaller = make(settings.perCaller, "rl:caller");
  const byAddress = make(settings.perAddress, "rl:addr");
  const failuresByAddress = make(settings.authFailuresPerAddress, "rl:authfail");
  const failuresByCredential = make(settings.authFailuresPerCredential, "rl:authfail:cred");

  /** null when `limit` allowed one more, else the seconds until it does */
  const consume = async (limit: Limit, key: string): Promise<number | null> => {
    try {
      await limit.consume(key);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return retrySeconds(rejection);
      throw rejection;
    }
  };

  return {
    async check(caller, address) {
      // A caller with valid credentials has a budget of its own, and only that one: counting it
      // under its address too would let anonymous traffic from the same address (a NAT, a
      // proxy, an attacker beside it) use up what valid keys are owed.
      if (caller === ANONYMOUS_SUBJECT) {
        const byAddressWait = await consume(byAddress, address);
        return byAddressWait === null ? null : { limit: "address", retryAfterSeconds: byAddressWait };
      }
      const byCallerWait = await consume(byCaller, caller);
      return byCallerWait === null ? null : { limit: "caller", retryAfterSeconds: byCallerWait };
    },
    async credentialBlocked(credential) {
      const res = await failuresByCredential.get(credential);
      return res && res.consumedPoints >= settings.authFailuresPerCredential ? retrySeconds(res) : null;
    },
    async recordAuthFailure(credential, address) {
      const addressWait = await consume(failuresByAddress, address);
      if (addressWait !== null) return addressWait;
      await consume(failuresByCredential, credential);
      return null;
    },
    mode: () => (state ? (state.shared ? "shared" : "local") : "memory"),
    settled: () => state?.settled ?? Promise.resolve(),
    async close() {
      state?.stop();
      redis?.disconnect();
    },
  };
}
