// What one measured load run gives, whichever generator ran it.
export interface LoadResult {
  generator: "wrk" | "autocannon" | "constant-rate";
  /** completed requests (answered, whatever the status) */
  requests: number;
  /** how long the load ran */
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** connection errors, timeouts and non-2xx answers */
  errors: number;
  /** CPU seconds the load generator itself used */
  generatorCpuSeconds: number;
}

export const requestsPerSecond = (r: LoadResult): number => r.requests / r.seconds;
/** the generator's CPU as a share of one core over the run */
export const generatorCpuPercent = (r: LoadResult): number => (100 * r.generatorCpuSeconds) / r.seconds;
