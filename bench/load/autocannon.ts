// The fallback generator when wrk is not installed: autocannon, in the bench's own process, so it
// shares the machine's cores with the services (its CPU is printed beside each row).
// autocannon ships no types; the calls below use its documented options and result fields.
// @ts-expect-error -- untyped package
import autocannon from "autocannon";
import { bodySequence, type BodyTemplate } from "./body-template.js";
import type { LoadResult } from "./result.js";

interface AutocannonResult {
  requests: { total: number };
  duration: number;
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

export async function runAutocannon(run: { url: string; connections: number; seconds: number; template: BodyTemplate; headers: Record<string, string> }): Promise<LoadResult> {
  const nextBody = bodySequence(run.template);
  const cpuAtStart = process.cpuUsage();
  const r = (await autocannon({
    url: run.url,
    connections: run.connections,
    duration: run.seconds,
    method: "POST",
    headers: run.headers,
    requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, body: nextBody() }) }],
  })) as AutocannonResult;
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    generator: "autocannon",
    requests: r.requests.total,
    seconds: r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    errors: r.errors + r.timeouts + r.non2xx,
    generatorCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
