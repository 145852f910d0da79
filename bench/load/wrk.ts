// Load from wrk (a C program, one thread): far less CPU per request than a Node generator, so on
// a small machine the services keep the cores. Bodies come from a Lua script written for the run
// (fresh ones per request); its done() prints the summary as one JSON line. wrk's own CPU is read
// from the shell that waits for it (/proc/<shell>/stat counts reaped children).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLOCK_TICKS_PER_SECOND, parseProcStat } from "../process-cpu.js";
import type { BodyTemplate } from "./body-template.js";
import type { LoadResult } from "./result.js";

const JSON_MARK = "BENCH_WRK_JSON ";
const STAT_MARK = "BENCH_SHELL_STAT ";

export function wrkAvailable(): boolean {
  const probe = spawnSync("wrk", ["-v"], { encoding: "utf8" });
  return probe.error === undefined && /wrk/i.test(`${probe.stdout}${probe.stderr}`);
}

const luaString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r")}"`;

/** A wrk script that sends the template's bodies with the given headers. */
export function wrkScript(template: BodyTemplate, headers: Record<string, string>): string {
  // Lua arrays count from 1: pool[(i % #pool) + 1] is the template's pool[i % length].
  const value = {
    none: `""`,
    "fresh-text": `at(n) .. " " .. tag .. "-" .. n`,
    "five-sentences": `(function() local parts = {} for k = 0, 4 do parts[#parts + 1] = at(5 * n + k) .. " " .. tag .. "-" .. n .. "-" .. k .. "." end return table.concat(parts, " ") end)()`,
    cycle: `at(n)`,
  }[template.kind];
  return `-- written by bench/load/wrk.ts for one run
wrk.method = "POST"
${Object.entries(headers).map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`).join("\n")}
local pool = { ${template.pool.map(luaString).join(", ")} }
local prefix = ${luaString(template.prefix)}
local suffix = ${luaString(template.suffix)}
local tag = ${luaString(template.tag)}
local n = 0
local function at(i) return pool[(i % #pool) + 1] end

local threads = 0
function setup(thread)
  -- each thread numbers its own requests: its own tag keeps two threads from sending one text
  threads = threads + 1
  thread:set("thread_tag", tag .. "t" .. threads)
end
function init(args)
  if thread_tag then tag = thread_tag end
end

function request()
  n = n + 1
  return wrk.format(nil, nil, nil, prefix .. ${value} .. suffix)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("\\n${JSON_MARK}{\\"requests\\":%d,\\"durationUs\\":%d,\\"connect\\":%d,\\"read\\":%d,\\"write\\":%d,\\"status\\":%d,\\"timeout\\":%d,\\"p50Us\\":%d,\\"p99Us\\":%d,\\"maxUs\\":%d}\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(99)), math.floor(latency.max)))
end
`;
}

export interface WrkSummary {
  requests: number;
  durationUs: number;
  errors: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

/** Reads the JSON line the script's done() printed among wrk's own output. */
export function parseWrkOutput(stdout: string): WrkSummary {
  const line = stdout.split("\n").find((l) => l.startsWith(JSON_MARK));
  if (!line) throw new Error(`wrk printed no summary line; its output was:\n${stdout.slice(-2000)}`);
  const raw = JSON.parse(line.slice(JSON_MARK.length)) as Record<string, number>;
  const num = (key: string) => {
    const value = raw[key];
    if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`wrk summary has no number "${key}": ${line}`);
    return value;
  };
  return {
    requests: num("requests"),
    durationUs: num("durationUs"),
    errors: num("connect") + num("read") + num("write") + num("status") + num("timeout"),
    p50Us: num("p50Us"),
    p99Us: num("p99Us"),
    maxUs: num("maxUs"),
  };
}

/** CPU seconds of the children the shell waited for, from the stat line it printed. */
export function parseShellChildCpu(stdout: string): number {
  const line = stdout.split("\n").find((l) => l.startsWith(STAT_MARK));
  if (!line) throw new Error("the wrk wrapper printed no /proc stat line");
  const stat = parseProcStat(line.slice(STAT_MARK.length));
  return (stat.childUtimeTicks + stat.childStimeTicks) / CLOCK_TICKS_PER_SECOND;
}

export interface WrkRun {
  url: string;
  connections: number;
  seconds: number;
  template: BodyTemplate;
  headers: Record<string, string>;
}

export async function runWrk(run: WrkRun): Promise<LoadResult> {
  const script = join(mkdtempSync(join(tmpdir(), "bench-wrk-")), "bodies.lua");
  writeFileSync(script, wrkScript(run.template, run.headers));
  const args = ["-t1", `-c${run.connections}`, `-d${run.seconds}s`, "--timeout", "10s", "-s", script, run.url];
  // The shell reads its own stat after wrk has been reaped, so cutime/cstime hold wrk's CPU.
  const wrapper = `wrk "$@"; rc=$?; echo; echo "${STAT_MARK}$(cat /proc/$$/stat)"; exit $rc`;
  const child = spawn("sh", ["-c", wrapper, "sh", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  if (code !== 0) throw new Error(`wrk exited with ${code}: ${stderr.slice(-2000)}${stdout.slice(-2000)}`);
  const summary = parseWrkOutput(stdout);
  return {
    generator: "wrk",
    requests: summary.requests,
    seconds: summary.durationUs / 1e6,
    p50Ms: summary.p50Us / 1000,
    p99Ms: summary.p99Us / 1000,
    maxMs: summary.maxUs / 1000,
    errors: summary.errors,
    generatorCpuSeconds: parseShellChildCpu(stdout),
  };
}
