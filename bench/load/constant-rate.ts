// Open-loop load at a constant offered rate, in a process of its own (no event loop shared with
// the bench or a service). Request i is due at start + i / rate and is sent then whether or not
// earlier ones have answered; its latency counts from that due time, so time spent queued behind a
// slow answer (in the connection pool or the server) is measured, not hidden.
//
// Run as a program: it reads a ConstantRateRun as JSON from argv[2] and prints one JSON
// ConstantRateOutcome on stdout. `runConstantRate` starts it and reads the answer.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import { bodySequence, type BodyTemplate } from "./body-template.js";
import { summarize } from "./latency-stats.js";
import type { LoadResult } from "./result.js";

export interface ConstantRateRun {
  url: string;
  /** requests per second offered */
  rate: number;
  seconds: number;
  /** connections in the pool: enough that the pool is not what queues at the offered rate */
  connections: number;
  template: BodyTemplate;
  headers: Record<string, string>;
}

export interface ConstantRateOutcome {
  offered: number;
  completed: number;
  errors: number;
  /** what the first failed request said, to tell a refusal from a broken connection */
  firstError?: string;
  seconds: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** CPU of the generator while it sent and waited */
  cpuSeconds: number;
  /** CPU of its whole process, start-up included */
  processCpuSeconds: number;
}

async function drive(run: ConstantRateRun): Promise<ConstantRateOutcome> {
  const target = new URL(run.url);
  const pool = new Pool(target.origin, { connections: run.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const nextBody = bodySequence(run.template);
  const total = Math.round(run.rate * run.seconds);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const fail = (what: string) => {
    errors += 1;
    firstError ??= what.slice(0, 300);
  };
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const cpuAtStart = process.cpuUsage();
  const start = performance.now();

  const send = (due: number) => {
    const done = pool
      .request({ method: "POST", path: target.pathname, headers: run.headers, body: nextBody() })
      .then(async (response) => {
        const text = await response.body.text();
        // a 200 carrying GraphQL errors measured the error path: count it as an error
        if (response.statusCode !== 200 || text.includes('"errors"')) fail(`HTTP ${response.statusCode}: ${text}`);
      })
      .catch((error: Error) => fail(error.message))
      .finally(() => {
        latencies.push(performance.now() - due);
        inFlight.delete(done);
      });
    inFlight.add(done);
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // send everything due by now, each stamped with its own due time
      while (sent < total && start + (sent * 1000) / run.rate <= now) {
        send(start + (sent * 1000) / run.rate);
        sent += 1;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, start + (sent * 1000) / run.rate - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const processCpu = process.cpuUsage();
  await pool.close();
  const summary = summarize(latencies);
  return {
    offered: total,
    completed: latencies.length,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    seconds,
    latencyMs: { p50: summary.p50, p99: summary.p99, max: summary.max },
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    processCpuSeconds: (processCpu.user + processCpu.system) / 1e6,
  };
}

/** Runs the generator in its own Node process and returns what it measured. */
export async function runConstantRate(run: ConstantRateRun): Promise<{ result: LoadResult; outcome: ConstantRateOutcome }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), JSON.stringify(run)], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  if (code !== 0) throw new Error(`the constant-rate generator exited with ${code}: ${stderr.slice(-2000)}`);
  const outcome = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as ConstantRateOutcome;
  return {
    outcome,
    result: {
      generator: "constant-rate",
      requests: outcome.completed,
      seconds: outcome.seconds,
      p50Ms: outcome.latencyMs.p50,
      p99Ms: outcome.latencyMs.p99,
      maxMs: outcome.latencyMs.max,
      errors: outcome.errors,
      generatorCpuSeconds: outcome.cpuSeconds,
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const run = JSON.parse(process.argv[2] ?? "") as ConstantRateRun;
  process.stdout.write(`${JSON.stringify(await drive(run))}\n`);
}
