// `npm run bench`: the project's stack and a vanilla Apollo stack (bench/vanilla/), one after the
// other on the same machine in the same run, driven by wrk (autocannon when wrk is absent) and an
// open-loop constant-rate generator; prints every figure with the CPU each process spent per
// request, and the project's figures as ratios of the baseline's.
//
// BENCH_SECONDS (default 10) per cell, BENCH_ONLY=a,d for a subset, BENCH_SKIP_VANILLA=1 to skip
// the baseline, BENCH_SHADOW_MODEL=DIR to add (a) without and with that model in shadow at 100 %.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { cpus } from "node:os";
import { freshTexts } from "../scripts/fresh-texts.js";
import { ROOT } from "../scripts/stack.js";
import { readBenchConfig } from "./config.js";
import { renderBody } from "./load/body-template.js";
import { closedLoopGenerator } from "./load/closed-loop.js";
import { runConstantRate } from "./load/constant-rate.js";
import { requestsPerSecond } from "./load/result.js";
import { checkWrkBodies } from "./load/wrk-body-check.js";
import { readCacheCounts } from "./ml-cache-metrics.js";
import { metricValue } from "../scripts/prometheus-text.js";
import { CpuMeter, machineCpu, treeRssBytes } from "./process-cpu.js";
import { startProjectStack, type BenchTarget } from "./project-stack.js";
import { constantRateTable, ratioTable, scenarioTables, stackFactsTable, SERVICES, type Cell, type ConstantRateCell, type StackFacts, type System } from "./report.js";
import { manifestDocument, SCENARIOS, templateFor, type Scenario } from "./scenarios.js";
import { startVanillaStack } from "./vanilla/stack.js";

const config = readBenchConfig(process.env);
if (!config.BENCH_SOURCES) {
  // The project runs as the image does: the production bundles (npm run build, a few seconds).
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  process.env.STACK_BUNDLES = "1";
}
const seconds = config.BENCH_SECONDS;
const warmSeconds = Math.min(3, seconds);
// enough that the pool is not the queue at half the maximum rate, as many as the closed loop used
const CONSTANT_RATE_CONNECTIONS = 32;
const log = (line: string) => console.error(line);
const selected = SCENARIOS.filter((s) => !config.BENCH_ONLY || config.BENCH_ONLY.includes(s.key));
// One generator for the whole run: no text is sent twice, across scenarios and stacks.
const nextText = freshTexts();
let runs = 0;
const tagOf = (system: System) => `${system[0]}${(runs += 1)}`;

const generator = closedLoopGenerator();
log(generator.name === "wrk" ? "load generator: wrk -t1 (bodies from a Lua script)" : "load generator: wrk is not installed (apt-get install wrk), falling back to autocannon in this process: it competes with the services for the CPU");
let bodyCheck = "";
if (generator.name === "wrk") {
  const scenarioA = SCENARIOS.find((s) => s.key === "a")!;
  const check = await checkWrkBodies(templateFor(scenarioA, { nextText, storedIds: [] }, "check"), { "content-type": "application/json" });
  bodyCheck = `wrk body check: ${check.received} bodies of (a) sent in 1 s to a local sink (wrk used ${(100 * check.wrkCpuSeconds).toFixed(0)} % of a core), ${check.distinct} distinct; e.g. ${check.sample[0] ?? ""}`;
  log(bodyCheck);
  if (check.received === 0 || check.distinct !== check.received) throw new Error(`wrk sent repeated bodies (${check.distinct} distinct of ${check.received}): the Lua script is broken`);
}

const cells: Cell[] = [];
const constantCells: ConstantRateCell[] = [];
const facts: StackFacts[] = [];

async function probe(target: BenchTarget, scenario: Scenario): Promise<void> {
  // A scenario whose answer carries errors would measure the error path: check one answer first.
  const body = renderBody(templateFor(scenario, { nextText, storedIds: target.storedIds }, "probe"), 1);
  const answer = (await (await fetch(target.url, { method: "POST", headers: target.headers, body })).json()) as { errors?: Array<{ message: string }> };
  if (answer.errors) throw new Error(`${scenario.name} answers errors: ${answer.errors.map((e) => e.message).join("; ")}`);
}

async function measure(system: System, target: BenchTarget, scenario: Scenario, label: string): Promise<void> {
  await probe(target, scenario);
  // warm-up: JIT, query plans, connection pools
  await generator.run({ url: target.url, connections: 8, seconds: warmSeconds, template: templateFor(scenario, { nextText, storedIds: target.storedIds }, tagOf(system)), headers: target.headers });
  for (const connections of [1, 32]) {
    const template = templateFor(scenario, { nextText, storedIds: target.storedIds }, tagOf(system));
    const cacheBefore = target.mlMetricsUrl ? await readCacheCounts(target.mlMetricsUrl) : undefined;
    const meter = new CpuMeter(target.pids);
    const machineAtStart = { machine: machineCpu(), at: performance.now() };
    const result = await generator.run({ url: target.url, connections, seconds, template, headers: target.headers });
    const cpuSeconds = meter.elapsed();
    const otherCpuPercent = otherCpuPercentSince(machineAtStart, cpuSeconds, result.generatorCpuSeconds);
    const cacheAfter = target.mlMetricsUrl ? await readCacheCounts(target.mlMetricsUrl) : undefined;
    let cacheHitRate: number | undefined;
    if (cacheBefore && cacheAfter) {
      const hits = cacheAfter.hits - cacheBefore.hits;
      const lookups = hits + cacheAfter.misses - cacheBefore.misses;
      cacheHitRate = lookups > 0 ? hits / lookups : undefined;
    }
    cells.push({ system, scenario: label, connections, result, cpuSeconds, otherCpuPercent, ...(cacheHitRate === undefined ? {} : { cacheHitRate }) });
    log(`${system} | ${label} | ${connections} conns | ${requestsPerSecond(result).toFixed(0)} req/s | p50 ${result.p50Ms.toFixed(1)} ms | p99 ${result.p99Ms.toFixed(1)} ms | errors ${result.errors}`);
  }
}

async function measureConstantRate(system: System, target: BenchTarget, offeredPerSecond: number): Promise<void> {
  const scenarioA = SCENARIOS.find((s) => s.key === "a")!;
  const meter = new CpuMeter(target.pids);
  const machineAtStart = { machine: machineCpu(), at: performance.now() };
  const { result, outcome } = await runConstantRate({ url: target.url, rate: offeredPerSecond, seconds, connections: CONSTANT_RATE_CONNECTIONS, template: templateFor(scenarioA, { nextText, storedIds: [] }, tagOf(system)), headers: target.headers });
  const cpuSeconds = meter.elapsed();
  constantCells.push({ system, offeredPerSecond, connections: CONSTANT_RATE_CONNECTIONS, result, cpuSeconds, otherCpuPercent: otherCpuPercentSince(machineAtStart, cpuSeconds, outcome.processCpuSeconds) });
  log(`${system} | (a) at a constant ${offeredPerSecond.toFixed(0)} req/s | p50 ${result.p50Ms.toFixed(1)} ms | p99 ${result.p99Ms.toFixed(1)} ms | max ${result.maxMs.toFixed(1)} ms | errors ${result.errors}${outcome.firstError ? ` (first: ${outcome.firstError})` : ""}`);
}

/** What the rest of the machine used while a cell ran (busy CPU minus the services and the
 *  generator), as % of one core over the cell's wall-clock time. */
function otherCpuPercentSince(start: { machine: ReturnType<typeof machineCpu>; at: number }, services: Record<string, number>, generatorCpuSeconds: number): number {
  const busy = machineCpu().busySeconds - start.machine.busySeconds;
  const other = Math.max(0, busy - Object.values(services).reduce((a, b) => a + b, 0) - generatorCpuSeconds);
  return (100 * other) / ((performance.now() - start.at) / 1000);
}

const rssMb = (pids: BenchTarget["pids"]) => Object.fromEntries(SERVICES.map((s) => [s, treeRssBytes(pids[s]) / 2 ** 20])) as StackFacts["rssMb"];
const scenarioLabel = (s: Scenario, variant?: string) => (variant ? `${s.name} — ${variant}` : s.name);
let constantRate: number | undefined;

// 1. The project, as the image runs it (one gateway process unless GATEWAY_WORKERS says more), and
//    the vanilla baseline, both up at once: each scenario is measured on one and then at once on
//    the other, so a ratio compares cells a few seconds apart on this shared machine, not minutes.
log("starting the project's stack (ports 4700-4702)");
const project = await startProjectStack({ gateway: 4700, reviews: 4701, ml: 4702 }, {}, nextText);
let vanilla: BenchTarget | undefined;
try {
  if (!config.BENCH_SKIP_VANILLA) {
    log("starting the vanilla Apollo stack (ports 4710-4712)");
    const vanillaStack = await startVanillaStack({ gateway: 4710, reviews: 4711, ml: 4712 });
    vanilla = { url: vanillaStack.gatewayUrl, headers: project.headers, pids: vanillaStack.pids, storedIds: [], coldStartMs: vanillaStack.coldStartMs, stop: vanillaStack.stop };
  }
  for (const scenario of selected) {
    await measure("project", project, scenario, scenarioLabel(scenario, scenario.key === "d" ? "page read again" : undefined));
    if (vanilla && scenario.vanilla) await measure("vanilla", vanilla, scenario, scenario.name);
  }
  const a32 = cells.find((c) => c.system === "project" && c.scenario.startsWith("(a)") && c.connections === 32);
  if (a32) {
    // Half the closed-loop maximum, offered open-loop to both systems: latency at the same load.
    constantRate = requestsPerSecond(a32.result) / 2;
    await measureConstantRate("project", project, constantRate);
    if (vanilla) await measureConstantRate("vanilla", vanilla, constantRate);
  }
  facts.push({ system: "project", rssMb: rssMb(project.pids), coldStartMs: project.coldStartMs });
  if (vanilla) facts.push({ system: "vanilla", rssMb: rssMb(vanilla.pids), coldStartMs: vanilla.coldStartMs });
} finally {
  await project.stop();
  await vanilla?.stop();
}

// 2. The page with texts the model has never seen: the same stack with the ML output cache off,
//    so every one of the 100 texts of every page runs through the model.
const scenarioD = selected.find((s) => s.key === "d");
if (scenarioD) {
  log("starting the project's stack with ML_OUTPUT_CACHE_ENTRIES=0 (ports 4720-4722)");
  const uncached = await startProjectStack({ gateway: 4720, reviews: 4721, ml: 4722 }, { ML_OUTPUT_CACHE_ENTRIES: "0" }, nextText);
  try {
    await measure("project", uncached, scenarioD, scenarioLabel(scenarioD, "texts never seen (ML output cache off)"));
  } finally {
    await uncached.stop();
  }
}

// 3. What shadow scoring costs the answer: (a) on one stack with no shadow, then with a candidate
//    (BENCH_SHADOW_MODEL) scoring every text the serving model answers, in shadow.
if (config.BENCH_SHADOW_MODEL) {
  const candidateDir = resolve(config.BENCH_SHADOW_MODEL);
  const candidate = (JSON.parse(readFileSync(join(candidateDir, "manifest.json"), "utf8")) as { version: string }).version;
  const scenarioA = SCENARIOS.find((s) => s.key === "a")!;
  const secret = randomBytes(36).toString("base64url");
  log(`starting the project's stack with ${candidate} loaded for shadow scoring (ports 4730-4732)`);
  const shadowed = await startProjectStack(
    { gateway: 4730, reviews: 4731, ml: 4732 },
    { MODEL_DIR: candidateDir, ROLLOUT_URL: "http://127.0.0.1:4731/graphql", ROLLOUT_SECRET: secret, REVIEWS_SECRET: secret, ROLLOUT_POLL_MS: "500" },
    nextText,
  );
  const shadowFigure = async (name: string) => metricValue(await (await fetch(shadowed.mlMetricsUrl as string)).text(), name, { version: candidate }) ?? 0;
  try {
    await measure("project", shadowed, scenarioA, scenarioLabel(scenarioA, "no shadow"));
    const set = await fetch(shadowed.url, { method: "POST", headers: shadowed.adminHeaders as Record<string, string>, body: JSON.stringify({ query: manifestDocument("SetModelRollout"), variables: { version: candidate, mode: "SHADOW", share: 100 } }) });
    const answer = (await set.json()) as { errors?: Array<{ message: string }> };
    if (answer.errors) throw new Error(`setting the shadow failed: ${answer.errors.map((e) => e.message).join("; ")}`);
    const deadline = Date.now() + 10_000;
    while ((await shadowFigure("model_version_share")) !== 100) {
      if (Date.now() > deadline) throw new Error("the ML service did not apply the shadow within 10 s");
      await new Promise((r) => setTimeout(r, 100));
    }
    await measure("project", shadowed, scenarioA, scenarioLabel(scenarioA, "shadow at 100 %"));
    log(`shadow: ${await shadowFigure("model_shadow_compared_total")} texts compared, ${await shadowFigure("model_shadow_shed_total")} shed under load`);
  } finally {
    await shadowed.stop();
  }
}

const out: string[] = [];
out.push(
  `${seconds} s per cell after a ${warmSeconds} s warm-up at 8 connections; ${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}); load from ${generator.name === "wrk" ? "wrk -t1" : "autocannon (in the bench process)"}; CPU per request from /proc/<pid>/stat (utime + stime of each service's process tree) over each cell.`,
);
if (bodyCheck) out.push(bodyCheck);
out.push("", "## Closed loop", "", scenarioTables(cells));
if (constantCells.length) {
  out.push(
    "## (a) at a constant offered rate",
    "",
    `Open loop: requests leave at a fixed rate (half the project's (a) maximum at 32 connections) from a separate Node process (undici pool of ${CONSTANT_RATE_CONNECTIONS} connections) whether or not earlier ones have answered; latency counts from each request's due time, so queueing is not hidden.`,
    "",
    constantRateTable(constantCells),
  );
}
const ratios = ratioTable(cells);
if (ratios) out.push("## Project ÷ vanilla", "", "Above 1× the project does more (req/s) or costs more (latency, CPU).", "", ratios);
out.push("## Memory after the run and cold start", "", stackFactsTable(facts));
console.log(out.join("\n"));
