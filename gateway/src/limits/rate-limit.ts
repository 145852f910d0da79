// Requests per caller and per client address, in memory or shared through Redis so that
// several gateway instances enforce one limit.
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface RateLimitSettings {
  perCaller: number;
  perAddress: number;
  windowSeconds: number;
  redisUrl?: string;
}

export interface RateLimiter {
  /** null when allowed, otherwise seconds until the caller may try again */
  check(caller: string, address: string): Promise<number | null>;
  close(): Promise<void>;
}

export function createRateLimiter(settings: RateLimitSettings): RateLimiter {
  const redis = settings.redisUrl ? new Redis(settings.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
  const make = (points: number, keyPrefix: string): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({ storeClient: redis, points, duration: settings.windowSeconds, keyPrefix, insuranceLimiter: new RateLimiterMemory({ points, duration: settings.windowSeconds }) })
      : new RateLimiterMemory({ points, duration: settings.windowSeconds, keyPrefix });
  const byCaller = make(settings.perCaller, "rl:caller");
  const byAddress = make(settings.perAddress, "rl:addr");
  return {
    async check(caller, address) {
      try {
        await byAddress.consume(address);
        if (caller !== "anonymous") await byCaller.consume(caller);
        return null;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw rejection;
      }
    },
    async close() {
      redis?.disconnect();
    },
  };
}
