// `npm run bench`: starts the stack (SQLite, committed model), drives it through the gateway
// with autocannon and prints requests/s, p50, p99 and errors at 1 and 32 connections, plus
// each process's memory and the cold start to ready.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// autocannon ships no types; the calls below use its documented options and result fields.
// @ts-expect-error -- untyped package
import autocannon from "autocannon";
import { startStack } from "./stack.js";
import { freshTexts } from "./fresh-texts.js";

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const ports = { gateway: 4700, reviews: 4701, ml: 4702 };
const freshText = freshTexts();
let nextStored = 0;
/** A new review of five sentences, each like the texts of (a). */
const fiveSentenceReview = () => Array.from({ length: 5 }, () => `${freshText()}.`).join(" ");

// The rate limits are lifted: the benchmark measures the service, not the limiter's refusals.
const stack = await startStack({ ports, output: "collect", throwAwayKeys: true, env: { SQLITE_PATH: join(mkdtempSync(join(tmpdir(), "bench-")), "reviews.db"), LOG_LEVEL: "warn", RATE_LIMIT_PER_CALLER: "100000000", RATE_LIMIT_PER_ADDRESS: "100000000" } });
const url = stack.gatewayUrl;
const headers = { "content-type": "application/json", authorization: `Bearer ${stack.keys.writer}` };
const post = async (query: string, variables: Record<string, unknown>) =>
  (await (await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) })).json()) as { data: Record<string, any> };

const ids: string[] = [];
for (let i = 0; i < 200; i += 1) ids.push((await post("mutation ($t: String!) { submitReview(input: { text: $t }) { id } }", { t: freshText() })).data.submitReview.id);

type Scenario = { name: string; body: () => string };
const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
const scenarios: Scenario[] = [
  { name: "(a) analyzeReview, new text each request", body: () => body("query ($t: String!) { analyzeReview(text: $t) { sentiment { label score } } }", { t: freshText() }) },
  { name: "(b) review(id) with sentiment", body: () => body("query ($id: ID!) { review(id: $id) { id text sentiment { label score } } }", { id: ids[nextStored++ % ids.length] }) },
  { name: "(c) submitReview", body: () => body("mutation ($t: String!) { submitReview(input: { text: $t }) { id } }", { t: freshText() }) },
  { name: "(d) reviews(first: 100) with sentiment", body: () => body("{ reviews(first: 100) { edges { node { id text sentiment { label score } } } } }", {}) },
  {
    name: "(e) analyzeReview, five sentences, with sentences and explanation",
    body: () => body("query ($t: String!) { analyzeReview(text: $t) { sentiment { label score mixed sentences { start end label score } explanation { word start end weight } } } }", { t: fiveSentenceReview() }),
  },
];

const run = (scenario: Scenario, connections: number): Promise<Result> =>
  autocannon({
    url,
    connections,
    duration: DURATION,
    method: "POST",
    headers,
    requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, body: scenario.body() }) }],
  });

// BENCH_ONLY=a,d runs a subset of the scenarios.
const only = process.env.BENCH_ONLY?.split(",").map((s) => `(${s.trim()})`);
const rows: string[] = [];
for (const scenario of scenarios.filter((s) => !only || only.some((o) => s.name.startsWith(o)))) {
  // A scenario whose answer carries errors would measure the error path: check one answer first.
  const probe = (await (await fetch(url, { method: "POST", headers, body: scenario.body() })).json()) as { errors?: Array<{ message: string }> };
  if (probe.errors) throw new Error(`${scenario.name} answers errors: ${probe.errors.map((e) => e.message).join("; ")}`);
  await run(scenario, 8).catch(() => undefined); // warm-up: JIT, query plans, connection pools
  for (const connections of [1, 32]) {
    const r = await run(scenario, connections);
    rows.push(`| ${scenario.name} | ${connections} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${r.errors + r.timeouts + r.non2xx} |`);
    console.error(rows.at(-1));
  }
}

const rss = (pid: number | undefined) => (pid ? Math.round(Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)]).toString().trim()) / 1024) : 0);
console.log(`\nduration ${DURATION} s per cell; ${ids.length} seeded reviews; machine: ${(await import("node:os")).cpus().length} cores\n`);
console.log("| scenario | connections | req/s | p50 ms | p99 ms | errors |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const row of rows) console.log(row);
console.log(`\nRSS after the run: ${[...stack.services.values()].map((s) => `${s.name} ${rss(s.process.pid)} MB`).join(", ")}`);
console.log(`cold start to ready (all three processes): ${stack.coldStartMs} ms`);
await stack.stop();
