// `npm run soak`: the three services under a steady mixed load for SOAK_SECONDS (default 300),
// then a verdict on each process's memory.
//
// What is measured: every 2 s, through the V8 inspector (the services run with
// --inspect=127.0.0.1:0 for the soak only), a full garbage collection is forced and the heap
// still in use is read: the live heap, free of the sawtooth of lazy collection (without it the
// gateway's heap grows by 1 MB/s for 80 s before its first full collection and an honest
// process looks like a leaking one for minutes). The resident set size is read from /proc too:
// it also shows native memory (onnxruntime, SQLite) but lags the heap's sizing, so it is
// reported, not judged.
//
// The verdict is per request, measured over the requests actually served, so a busy machine that
// serves fewer of them neither hides a leak nor invents one: each sample pairs the live heap with
// the number of requests answered so far, and the slope of heap over requests (Theil–Sen: the
// median of the slopes between every pair of samples) is the bytes kept per request. Time does not
// enter it; a slow run is a smaller sample, not a larger figure. The slope is that of the heap's
// floor (heap-trend.ts): bounded structures that fill and empty draw a sawtooth, which a plain
// Theil–Sen estimate reads as growth (it judged a gateway at 257 bytes per request whose heap
// ended lower than it started).
// - Warm-up: samples count once a third of the run (at most 60 s) is over AND SOAK_WARM_UP_REQUESTS
//   (2,000) have been answered: JIT, pools and plans settle by time, bounded caches fill by
//   requests. The ML output cache is bounded to 1,000 entries for the soak
//   (ML_OUTPUT_CACHE_ENTRIES), so it is full and evicting by then: what is judged is its steady
//   state, eviction included, not 50,000 entries filling.
// - Samples are taken with no request in flight (the load pauses for them), so the heap read is
//   what the process keeps, not what the requests under way happen to hold.
// - Minimum sample: the run goes on past SOAK_SECONDS until SOAK_MIN_REQUESTS (3,000) have been
//   answered after the warm-up, up to SOAK_MAX_SECONDS (four times SOAK_SECONDS, at least 300);
//   a run that cannot reach them says so and fails rather than judge from too few requests.
// - The limit: SOAK_MAX_BYTES_PER_REQUEST, 250 by default: less than one small object (a context,
//   a logger child, a 200-character string) kept per request, yet 250 MB per million requests,
//   which at 1,000 requests/s fills a 512 MB container within the hour. A leak of about 350 bytes
//   per request planted in the gateway (tests/integration/soak.test.ts) must fail it.
// The run also fails if a request fails or a process exits.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool, WebSocket } from "undici";
import { startStack, type ServiceName } from "./stack.js";
import { freshTexts } from "./fresh-texts.js";
import { floorSlope, medianSlope } from "./heap-trend.js";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const RATE = Number(process.env.SOAK_RPS ?? 100);
const MAX_BYTES_PER_REQUEST = Number(process.env.SOAK_MAX_BYTES_PER_REQUEST ?? 250);
const WARM_UP_SECONDS = Math.min(60, SECONDS / 3);
const WARM_UP_REQUESTS = Number(process.env.SOAK_WARM_UP_REQUESTS ?? 2_000);
const MIN_REQUESTS = Number(process.env.SOAK_MIN_REQUESTS ?? 3_000);
const MAX_SECONDS = Number(process.env.SOAK_MAX_SECONDS ?? Math.max(SECONDS * 4, 300));
const SAMPLE_EVERY_MS = 2_000;
const CONNECTIONS = 8;
const NAMES: ServiceName[] = ["gateway", "reviews", "ml"];

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** A service's V8 inspector: collects garbage and reads the heap in use. */
class Inspector {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.waiting.get(message.id)?.(message.result);
    });
  }

  static async connect(url: string): Promise<Inspector> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener("open", () => resolve());
      socket.addEventListener("error", () => reject(new Error(`cannot reach the inspector at ${url}`)));
    });
    return new Inspector(socket);
  }

  private call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, (result) => {
        this.waiting.delete(id);
        resolve(result);
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** The heap in use after a full collection, without the spaces that hold compiled code: the
   *  JIT compiles and drops code as it sees fit, which moves them by hundreds of KB either way
   *  and is not data a request left behind. */
  async liveHeapMb(): Promise<number> {
    await this.call("HeapProfiler.collectGarbage");
    const expression = `process.getBuiltinModule("v8").getHeapSpaceStatistics().filter((s) => !s.space_name.startsWith("code")).reduce((n, s) => n + s.space_used_size, 0)`;
    const answer = (await this.call("Runtime.evaluate", { expression, returnByValue: true })) as { result: { value: number } };
    return answer.result.value / 2 ** 20;
  }

  close(): void {
    this.socket.close();
  }
}

const freshText = freshTexts();

async function main(): Promise<number> {
  process.env.STACK_NODE_FLAGS = `${process.env.STACK_NODE_FLAGS ?? ""} --inspect=127.0.0.1:0`;
  const stack = await startStack({
    // Ports the system chooses; each service reports the one it got.
    ports: { gateway: 0, reviews: 0, ml: 0, metrics: 0 },
    output: "collect",
    throwAwayKeys: true,
    env: {
      SQLITE_PATH: join(mkdtempSync(join(tmpdir(), "soak-")), "reviews.db"),
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_CALLER: "100000000",
      RATE_LIMIT_PER_ADDRESS: "100000000",
      ML_OUTPUT_CACHE_ENTRIES: process.env.ML_OUTPUT_CACHE_ENTRIES ?? "1000",
    },
  });
  const inspectors = {} as Record<ServiceName, Inspector>;
  for (const name of NAMES) {
    const url = /Debugger listening on (ws:\/\/\S+)/.exec(stack.services.get(name)?.output.join("") ?? "")?.[1];
    if (!url) throw new Error(`${name} did not open its inspector`);
    inspectors[name] = await Inspector.connect(url);
  }

  const started = Date.now();
  const pool = new Pool(new URL(stack.gatewayUrl).origin, { connections: CONNECTIONS });
  const headers = { "content-type": "application/json", authorization: `Bearer ${stack.keys.writer}` };
  const ids: string[] = [];
  let sent = 0;
  let served = 0;
  const failures: string[] = [];
  const post = async (query: string, variables: Record<string, unknown>) => {
    sent += 1;
    try {
      const response = await pool.request({ path: "/graphql", method: "POST", headers, body: JSON.stringify({ query, variables }) });
      const body = (await response.body.json()) as { data?: { submitReview?: { id?: string } }; errors?: Array<{ message: string }> };
      if (response.statusCode !== 200 || body.errors) failures.push(`${response.statusCode} ${body.errors?.[0]?.message ?? ""}`);
      return body.data;
    } catch (error) {
      failures.push((error as Error).message);
      return undefined;
    } finally {
      served += 1;
    }
  };
  // The mix: mostly one-shot analyses, then writes, reads by id and pages with sentiment, and batches.
  const one = async (i: number) => {
    const pick = i % 20;
    if (pick < 8) await post("query ($t: String!) { analyzeReview(text: $t) { sentiment { label score } } }", { t: freshText() });
    else if (pick < 12) {
      const data = await post("mutation ($t: String!) { submitReview(input: { text: $t }) { id } }", { t: freshText() });
      if (data?.submitReview?.id && ids.length < 5_000) ids.push(data.submitReview.id);
    } else if (pick < 16 && ids.length > 0) await post("query ($id: ID!) { review(id: $id) { id text sentiment { label } } }", { id: ids[i % ids.length] });
    else if (pick < 19) await post("{ reviews(first: 20) { edges { node { id text sentiment { label } } } pageInfo { hasNextPage endCursor } } }", {});
    else await post("query ($t: [String!]!) { analyzeReviews(texts: $t) { sentiment { label } } }", { t: Array.from({ length: 10 }, freshText) });
  };

  const pids = Object.fromEntries(NAMES.map((n) => [n, stack.services.get(n)?.process.pid as number])) as Record<ServiceName, number>;
  // Samples: [requests answered, MB] for the verdict, [seconds, MB] for the RSS report.
  const heap: Record<ServiceName, Array<[number, number]>> = { gateway: [], reviews: [], ml: [] };
  const rss: Record<ServiceName, Array<[number, number]>> = { gateway: [], reviews: [], ml: [] };
  let servedAtWarmUp: number | null = null;
  let secondsAtWarmUp = 0;
  // Each sample is taken with no request in flight: the load pauses and the requests under way
  // finish first. Otherwise the heap also holds the objects of whatever happens to be in flight,
  // which on a busy machine varies by a megabyte from one sample to the next and would drown a
  // leak of a few hundred bytes per request in noise.
  let inFlight = 0;
  let paused = false;
  let pausedMs = 0;
  let sampling = Promise.resolve();
  const sampler = setInterval(() => {
    sampling = sampling.then(async () => {
      const elapsed = (Date.now() - started) / 1000;
      if (servedAtWarmUp === null && elapsed >= WARM_UP_SECONDS && served >= WARM_UP_REQUESTS) {
        servedAtWarmUp = served;
        secondsAtWarmUp = elapsed;
      }
      if (servedAtWarmUp === null) return;
      const pauseStarted = Date.now();
      paused = true;
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
      for (const n of NAMES) {
        const mb = await inspectors[n].liveHeapMb();
        heap[n].push([served, mb]);
        rss[n].push([(Date.now() - started) / 1000, rssMb(pids[n])]);
      }
      paused = false;
      pausedMs += Date.now() - pauseStarted;
    });
  }, SAMPLE_EVERY_MS);
  const enough = () => servedAtWarmUp !== null && served - servedAtWarmUp >= MIN_REQUESTS;

  // Open-loop pacing: each tick sends what the rate asks for since the start (pauses for samples
  // left out), with a bound on requests in flight, so a slow moment does not turn into a burst.
  let due = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = (Date.now() - started) / 1000;
      if ((elapsed >= SECONDS && enough()) || elapsed >= MAX_SECONDS) {
        clearInterval(tick);
        resolve();
        return;
      }
      if (paused) return;
      const target = Math.floor((elapsed - pausedMs / 1000) * RATE);
      while (due < target && inFlight < CONNECTIONS * 4) {
        inFlight += 1;
        void one(due).finally(() => (inFlight -= 1));
        due += 1;
      }
    }, 10);
  });
  clearInterval(sampler);
  await sampling;
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  await pool.close();
  for (const inspector of Object.values(inspectors)) inspector.close();

  const seconds = (Date.now() - started) / 1000;
  const judged = servedAtWarmUp === null ? 0 : served - servedAtWarmUp;
  const sampleTooSmall = judged < MIN_REQUESTS;
  const rows = NAMES.map((n) => {
    // MB per request answered, from samples taken after the warm-up only.
    const bytesPerRequest = floorSlope(heap[n]) * 2 ** 20;
    const perMinute = judged / ((seconds - secondsAtWarmUp) / 60);
    return {
      name: n,
      heapStart: heap[n][0]?.[1] ?? 0,
      heapEnd: heap[n].at(-1)?.[1] ?? 0,
      slope: (bytesPerRequest * perMinute) / 2 ** 20,
      bytesPerRequest,
      rssEnd: rss[n].at(-1)?.[1] ?? 0,
      rssSlope: medianSlope(rss[n]) * 60,
      ok: !sampleTooSmall && bytesPerRequest <= MAX_BYTES_PER_REQUEST,
    };
  });
  if (process.env.SOAK_TRACE) (await import("node:fs")).writeFileSync(process.env.SOAK_TRACE, JSON.stringify({ heap, rss }));
  const exits = NAMES.filter((n) => stack.services.get(n)?.process.exitCode !== null);
  await stack.stop();

  console.log(`soak: ${seconds.toFixed(0)} s asking ${RATE} requests/s, ${sent} requests sent, ${served} answered (${(served / seconds).toFixed(1)}/s), ${failures.length} failed`);
  console.log(
    `live heap after a forced full GC every ${SAMPLE_EVERY_MS / 1000} s, over the ${judged} requests answered after a ${secondsAtWarmUp.toFixed(0)} s warm-up of ${servedAtWarmUp ?? served} requests; limit ${MAX_BYTES_PER_REQUEST} bytes kept per request\n`,
  );
  console.log("| process | live heap after warm-up MB | live heap at end MB | slope MB/min | bytes/request | RSS at end MB | RSS slope MB/min | verdict |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.heapStart.toFixed(1)} | ${r.heapEnd.toFixed(1)} | ${r.slope.toFixed(2)} | ${r.bytesPerRequest.toFixed(0)} | ${r.rssEnd.toFixed(0)} | ${r.rssSlope.toFixed(2)} | ${r.ok ? "ok" : sampleTooSmall ? "TOO FEW REQUESTS" : "OVER THE LIMIT"} |`,
    );
  }
  if (sampleTooSmall) console.log(`\nonly ${judged} requests answered after the warm-up within ${MAX_SECONDS} s (at least ${MIN_REQUESTS} are needed to judge): the machine is too busy for this soak, or SOAK_RPS too low`);
  if (failures.length > 0) console.log(`\nfirst failures: ${[...new Set(failures)].slice(0, 5).join("; ")}`);
  if (exits.length > 0) console.log(`\nexited during the run: ${exits.join(", ")}`);
  return rows.every((r) => r.ok) && failures.length === 0 && exits.length === 0 ? 0 : 1;
}

process.exitCode = await main();
