// Requests per caller and per client address, and failed authentications per address: in
// memory, or shared through Redis so that several gateway instances enforce one limit. Redis
// must answer within a few tens of milliseconds; when it does not (stopped, unreachable, slow)
// the limits fall back to this instance's memory until a probe finds Redis answering again,
// and each change of state is logged once.
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Logger } from "@sentiment/platform";

export interface RateLimitSettings {
  perCaller: number;
  perAddress: number;
  /** failed authentications an address may make per window before it is refused outright */
  authFailuresPerAddress: number;
  windowSeconds: number;
  redisUrl?: string;
  /** how long a Redis command may take before the instance's own limits are used */
  redisCommandTimeoutMs: number;
  logger: Logger;
}

export interface RateLimiter {
  /** null when allowed, otherwise seconds until the caller may try again */
  check(caller: string, address: string): Promise<number | null>;
  /** seconds until an address refused for failed authentications may try again, or null */
  blockedForAuthFailures(address: string): Promise<number | null>;
  /** counts a failed authentication; seconds to wait when the address is now over its limit */
  recordAuthFailure(address: string): Promise<number | null>;
  /** "shared" while Redis answers, "local" while this instance counts alone, "memory" without Redis */
  mode(): "shared" | "local" | "memory";
  close(): Promise<void>;
}

const PROBE_INTERVAL_MS = 1_000;

const retrySeconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Which store the limits use, switched on Redis's answers and logged once per change. */
class RedisState {
  private current: "starting" | "shared" | "local" | "stopped" = "starting";
  private readonly probe: NodeJS.Timeout;

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
    if (this.current === "shared" || this.current === "stopped") return;
    this.current = "shared";
    this.logger.info({ rateLimits: "shared" }, "rate limits shared through Redis");
  }

  fallBack(reason: string): void {
    if (this.current === "local" || this.current === "stopped") return;
    this.current = "local";
    this.logger.warn({ rateLimits: "local", reason }, "Redis does not answer; rate limits fall back to this instance's memory");
  }

  stop(): void {
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
  const authFailures = make(settings.authFailuresPerAddress, "rl:authfail");

  return {
    async check(caller, address) {
      try {
        await byAddress.consume(address);
        if (caller !== "anonymous") await byCaller.consume(caller);
        return null;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return retrySeconds(rejection);
        throw rejection;
      }
    },
    async blockedForAuthFailures(address) {
      const res = await authFailures.get(address);
      return res && res.consumedPoints >= settings.authFailuresPerAddress ? retrySeconds(res) : null;
    },
    async recordAuthFailure(address) {
      try {
        await authFailures.consume(address);
        return null;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return retrySeconds(rejection);
        throw rejection;
      }
    },
    mode: () => (state ? (state.shared ? "shared" : "local") : "memory"),
    async close() {
      state?.stop();
      redis?.disconnect();
    },
  };
}
