// `npm run bench:flood`: can one caller take the ML service away from the others? Eight callers,
// each with its own API key, send analyzeReviews batches of 50 texts of 5,000 characters in a
// closed loop (one request in flight each, the next as soon as the last has answered) through the
// gateway, while a ninth sends one-text analyzeReview requests at a constant rate (open loop:
// latency counts from each request's due time, so queueing is not hidden). Prints the one-text
// requests' latency alone and under the flood, what each flooder was served, and each service's
// peak resident memory (VmHWM).
//
// The stack is the project as the image runs it: the production bundles (npm run build), production
// mode, rate limits lifted (the flood stays within the cost limit; the rate limits would only
// refuse it sooner). FLOOD_SECONDS (default 30) measured under the flood, FLOOD_CALLERS (8),
// FLOOD_TEXTS (50), PROBE_RATE (10 per second), BENCH_SOURCES=1 for the TypeScript sources.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request } from "undici";
import { z } from "zod";
import { createKey } from "@sentiment/gateway/api-keys";
import { freshTexts } from "../scripts/fresh-texts.js";
import { peakRssBytes } from "../scripts/peak-memory.js";
import { metricValue } from "../scripts/prometheus-text.js";
import { ROOT, startStack } from "../scripts/stack.js";
import { summarize } from "./load/latency-stats.js";
import { CpuMeter, machineCpu } from "./process-cpu.js";
import { manifestDocument } from "./scenarios.js";

const settings = z
  .object({
    FLOOD_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
    FLOOD_CALLERS: z.coerce.number().int().min(1).max(64).default(8),
    FLOOD_TEXTS: z.coerce.number().int().min(1).max(100).default(50),
    PROBE_RATE: z.coerce.number().min(1).max(200).default(10),
    BENCH_SOURCES: z.enum(["1", "0", "true", "false", ""]).default("0").transform((v) => v === "1" || v === "true"),
  })
  .parse(process.env);

const TEXT_CHARACTERS = 5_000;
const log = (line: string) => console.error(line);

if (!settings.BENCH_SOURCES) {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  process.env.STACK_BUNDLES = "1";
}

const nextText = freshTexts();
/** A text of exactly TEXT_CHARACTERS characters no one has sent before (a counter in every sentence). */
function longText(): string {
  let text = "";
  while (text.length < TEXT_CHARACTERS) text += `${nextText()}. `;
  return `${text.slice(0, TEXT_CHARACTERS - 1)}.`;
}

interface Outcome {
  ok: boolean;
  /** the first error code of a failed request, or its HTTP status */
  error?: string;
}

/** What the rest of the machine used while measured (busy CPU minus the services and the bench), as % of one core. */
function otherCpuPercent(start: { machine: ReturnType<typeof machineCpu>; at: number }, spent: Record<string, number>): number {
  const busy = machineCpu().busySeconds - start.machine.busySeconds;
  const ours = Object.values(spent).reduce((a, b) => a + b, 0);
  return (100 * Math.max(0, busy - ours)) / ((performance.now() - start.at) / 1000);
}

async function post(agent: Agent, url: string, key: string, body: string): Promise<Outcome> {
  const response = await request(url, { method: "POST", dispatcher: agent, headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body });
  const text = await response.body.text();
  if (response.statusCode !== 200) return { ok: false, error: `HTTP ${response.statusCode} ${/"code":"([A-Z_]+)"/.exec(text)?.[1] ?? ""}`.trim() };
  // A flood answer is 250 kB: a substring search for the errors key instead of parsing it all.
  if (text.includes('"errors":')) return { ok: false, error: /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? "error" };
  return { ok: true };
}

log(`building and starting the project's stack (${settings.BENCH_SOURCES ? "TypeScript sources" : "production bundles"})`);
const stack = await startStack({
  ports: { gateway: 0, reviews: 0, ml: 0 },
  output: "collect",
  throwAwayKeys: true,
  env: {
    SQLITE_PATH: join(mkdtempSync(join(tmpdir(), "flood-")), "reviews.db"),
    LOG_LEVEL: "warn",
    RATE_LIMIT_PER_CALLER: "100000000",
    RATE_LIMIT_PER_ADDRESS: "100000000",
    NODE_ENV: "production",
  },
});

const counts = new Map<string, number>();
const countError = (error: string | undefined) => counts.set(error ?? "?", (counts.get(error ?? "?") ?? 0) + 1);

try {
  const keysPath = stack.keysPath as string;
  const probeKey = createKey(keysPath, "flood-probe", "reader").key;
  const flooderKeys = Array.from({ length: settings.FLOOD_CALLERS }, (_, i) => createKey(keysPath, `flood-${i + 1}`, "reader").key);
  const url = stack.gatewayUrl;
  const analyzeReview = manifestDocument("AnalyzeReview");
  const analyzeReviews = manifestDocument("AnalyzeReviews");
  const probeBody = () => JSON.stringify({ query: analyzeReview, variables: { text: nextText() } });

  const probeAgent = new Agent({ connections: 64 });
  /** One-text requests at PROBE_RATE for `seconds`; latencies in ms from each request's due time. */
  async function probe(seconds: number): Promise<{ latencies: number[]; failed: number }> {
    const latencies: number[] = [];
    let failed = 0;
    const total = Math.round(seconds * settings.PROBE_RATE);
    const start = performance.now();
    const inFlight: Array<Promise<void>> = [];
    for (let i = 0; i < total; i += 1) {
      const due = start + (i * 1000) / settings.PROBE_RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(
        post(probeAgent, url, probeKey, probeBody()).then((outcome) => {
          if (outcome.ok) latencies.push(performance.now() - due);
          else {
            failed += 1;
            countError(`probe: ${outcome.error}`);
          }
        }),
      );
    }
    await Promise.all(inFlight);
    return { latencies, failed };
  }

  // Every key answers before anything is measured (the gateway reads a new key within a second).
  for (const key of [probeKey, ...flooderKeys]) {
    for (let attempt = 0; ; attempt += 1) {
      if ((await post(probeAgent, url, key, probeBody())).ok) break;
      if (attempt > 40) throw new Error("a new API key is still refused after 10 s");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  log(`one-text requests alone: ${settings.PROBE_RATE}/s for 5 s`);
  await probe(2);
  const alone = await probe(5);

  let flooding = true;
  const served = flooderKeys.map(() => ({ requests: 0, failed: 0 }));
  let measuring = false;
  const flooders = flooderKeys.map(async (key, i) => {
    const agent = new Agent({ connections: 1 });
    while (flooding) {
      const body = JSON.stringify({ query: analyzeReviews, variables: { texts: Array.from({ length: settings.FLOOD_TEXTS }, longText) } });
      const outcome = await post(agent, url, key, body);
      if (!measuring) continue;
      const own = served[i] as { requests: number; failed: number };
      if (outcome.ok) own.requests += 1;
      else {
        own.failed += 1;
        countError(`flood: ${outcome.error}`);
      }
    }
    await agent.close();
  });
  log(`${settings.FLOOD_CALLERS} callers flooding with ${settings.FLOOD_TEXTS} × ${TEXT_CHARACTERS} characters; 5 s to settle, then ${settings.FLOOD_SECONDS} s measured`);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  measuring = true;
  const started = performance.now();
  const meter = new CpuMeter(Object.fromEntries((["gateway", "reviews", "ml"] as const).map((name) => [name, stack.services.get(name)?.process.pid ?? -1])));
  const benchCpuAtStart = process.cpuUsage();
  const machineAtStart = { machine: machineCpu(), at: performance.now() };
  const underFlood = await probe(settings.FLOOD_SECONDS);
  const elapsed = (performance.now() - started) / 1000;
  const benchCpu = process.cpuUsage(benchCpuAtStart);
  const cpuSpent = { ...meter.elapsed(), bench: (benchCpu.user + benchCpu.system) / 1e6 };
  measuring = false;
  flooding = false;
  await Promise.all(flooders);
  await probeAgent.close();

  // Where the time went: each service's event-loop delay, and the ML queue's own figures.
  const expositions = {
    gateway: await (await fetch(stack.metricsUrl)).text(),
    reviews: await (await fetch(stack.metricsUrls.reviews)).text(),
    ml: await (await fetch(stack.metricsUrls.ml)).text(),
  };
  const lag = Object.entries(expositions)
    .map(([name, text]) => `${name} p99 ${(1000 * (metricValue(text, "nodejs_eventloop_lag_p99_seconds") ?? Number.NaN)).toFixed(0)} ms, max ${(1000 * (metricValue(text, "nodejs_eventloop_lag_max_seconds") ?? Number.NaN)).toFixed(0)} ms`)
    .join("; ");
  const waited = (texts: string) => {
    const count = metricValue(expositions.ml, "inference_queue_wait_seconds_count", { texts });
    const within = metricValue(expositions.ml, "inference_queue_wait_seconds_bucket", { texts, le: "0.1" });
    return count === undefined || within === undefined ? "no figures" : `${count} requests, ${((100 * within) / Math.max(count, 1)).toFixed(1)} % waited at most 100 ms`;
  };
  const split = metricValue(expositions.ml, "inference_split_requests_total");
  const otherCpu = otherCpuPercent(machineAtStart, cpuSpent);
  const peaks = Object.fromEntries((["gateway", "reviews", "ml"] as const).map((name) => [name, peakRssBytes(stack.services.get(name)?.process.pid ?? -1) / 2 ** 20]));
  const row = (label: string, r: { latencies: number[]; failed: number }) => {
    const s = summarize(r.latencies);
    return `| ${label} | ${s.count} | ${r.failed} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.max.toFixed(1)} |`;
  };
  const textsPerSecond = served.map((s) => (s.requests * settings.FLOOD_TEXTS) / elapsed);
  const out = [
    `## One-text requests (analyzeReview, ${settings.PROBE_RATE}/s open loop, latency from the due time)`,
    "",
    "| | answered | failed | p50 ms | p99 ms | max ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    row("alone", alone),
    row(`under the flood (${settings.FLOOD_SECONDS} s)`, underFlood),
    "",
    `## The flooders (${settings.FLOOD_CALLERS} callers, analyzeReviews of ${settings.FLOOD_TEXTS} × ${TEXT_CHARACTERS} characters, closed loop)`,
    "",
    "| caller | answered | failed | texts/s |",
    "| --- | ---: | ---: | ---: |",
    ...served.map((s, i) => `| ${i + 1} | ${s.requests} | ${s.failed} | ${(textsPerSecond[i] as number).toFixed(1)} |`),
    `| all | ${served.reduce((a, s) => a + s.requests, 0)} | ${served.reduce((a, s) => a + s.failed, 0)} | ${textsPerSecond.reduce((a, b) => a + b, 0).toFixed(1)} |`,
    "",
    `Fair share: the least-served flooder got ${((100 * Math.min(...textsPerSecond)) / Math.max(...textsPerSecond, 1e-9)).toFixed(0)} % of the most-served one's texts.`,
    "",
    `Event-loop delay over the whole run: ${lag}.`,
    "",
    `ML queue, over the whole run: one-text requests ${waited("1")}; batches of 11–100 texts ${waited("11-100")}; ${split ?? 0} requests read in more than one run.`,
    "",
    `While measured under the flood, the rest of the machine (neither the services nor this process) used ${otherCpu.toFixed(0)} % of a core (${cpus().length} cores).`,
    "",
    `Peak resident memory (VmHWM): gateway ${peaks.gateway?.toFixed(0)} MiB, reviews ${peaks.reviews?.toFixed(0)} MiB, ml ${peaks.ml?.toFixed(0)} MiB.`,
  ];
  if (counts.size > 0) out.push("", `Errors: ${[...counts].map(([k, v]) => `${k} × ${v}`).join(", ")}`);
  console.log(out.join("\n"));
} finally {
  await stack.stop();
}
