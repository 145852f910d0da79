// The bench's markdown: one table per scenario (both systems side by side), the constant-rate
// rows, project/vanilla ratios, memory and cold start.
import { generatorCpuPercent, requestsPerSecond, type LoadResult } from "./load/result.js";

export type System = "project" | "vanilla";
export type ServiceName = "gateway" | "reviews" | "ml";
export const SERVICES: readonly ServiceName[] = ["gateway", "reviews", "ml"];

export interface Cell {
  system: System;
  /** the scenario's name, with a variant where one scenario is measured two ways */
  scenario: string;
  connections: number;
  result: LoadResult;
  /** CPU seconds each service's processes used during the cell */
  cpuSeconds: Record<ServiceName, number>;
  /** output-cache hit rate of the ML service over the cell, when it exports one */
  cacheHitRate?: number;
  /** CPU the rest of the machine used meanwhile (other people's work on a shared box), % of one core */
  otherCpuPercent: number;
}

export interface ConstantRateCell {
  system: System;
  offeredPerSecond: number;
  connections: number;
  result: LoadResult;
  cpuSeconds: Record<ServiceName, number>;
  otherCpuPercent: number;
}

export interface StackFacts {
  system: System;
  rssMb: Record<ServiceName, number>;
  coldStartMs: number;
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
export const cpuMicrosPerRequest = (cpuSeconds: Record<ServiceName, number>, requests: number): Record<ServiceName | "total", number> => {
  const per = (s: number) => (requests > 0 ? (s * 1e6) / requests : Number.NaN);
  return { gateway: per(cpuSeconds.gateway), reviews: per(cpuSeconds.reviews), ml: per(cpuSeconds.ml), total: per(cpuSeconds.gateway + cpuSeconds.reviews + cpuSeconds.ml) };
};
const cpuColumn = (cpuSeconds: Record<ServiceName, number>, requests: number) => {
  const us = cpuMicrosPerRequest(cpuSeconds, requests);
  return `${fixed(us.gateway)} / ${fixed(us.reviews)} / ${fixed(us.ml)} / **${fixed(us.total)}**`;
};

export function scenarioTables(cells: readonly Cell[]): string {
  const out: string[] = [];
  for (const scenario of [...new Set(cells.map((c) => c.scenario.replace(/ — .*$/, "")))]) {
    out.push(`### ${scenario}`, "", "| system | scenario | connections | req/s | p50 ms | p99 ms | errors | CPU µs/req gateway / reviews / ml / **total** | load-gen CPU % | other processes CPU % |", "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
    for (const c of cells.filter((x) => x.scenario.replace(/ — .*$/, "") === scenario)) {
      const hit = c.cacheHitRate === undefined ? "" : ` (ML cache hits ${fixed(100 * c.cacheHitRate, 1)} %)`;
      out.push(
        `| ${c.system} | ${c.scenario}${hit} | ${c.connections} | ${fixed(requestsPerSecond(c.result))} | ${fixed(c.result.p50Ms, 1)} | ${fixed(c.result.p99Ms, 1)} | ${c.result.errors} | ${cpuColumn(c.cpuSeconds, c.result.requests)} | ${fixed(generatorCpuPercent(c.result), 1)} | ${fixed(c.otherCpuPercent)} |`,
      );
    }
    out.push("");
  }
  return out.join("\n");
}

export function constantRateTable(cells: readonly ConstantRateCell[]): string {
  if (cells.length === 0) return "";
  return [
    "| system | offered req/s | answered | p50 ms | p99 ms | max ms | errors | CPU µs/req gateway / reviews / ml / **total** | generator CPU % | other processes CPU % |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ...cells.map(
      (c) =>
        `| ${c.system} | ${fixed(c.offeredPerSecond)} | ${c.result.requests} | ${fixed(c.result.p50Ms, 1)} | ${fixed(c.result.p99Ms, 1)} | ${fixed(c.result.maxMs, 1)} | ${c.result.errors} | ${cpuColumn(c.cpuSeconds, c.result.requests)} | ${fixed(generatorCpuPercent(c.result), 1)} | ${fixed(c.otherCpuPercent)} |`,
    ),
    "",
  ].join("\n");
}

/** project ÷ vanilla for the cells both systems ran at the same connections. */
export function ratioTable(cells: readonly Cell[]): string {
  const pairs = cells
    .filter((c) => c.system === "project")
    .map((p) => ({ p, v: cells.find((v) => v.system === "vanilla" && v.connections === p.connections && v.scenario.replace(/ — .*$/, "") === p.scenario.replace(/ — .*$/, "")) }))
    .filter((x): x is { p: Cell; v: Cell } => x.v !== undefined);
  if (pairs.length === 0) return "";
  const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : "n/a");
  return [
    "| scenario | connections | req/s | p99 | CPU µs/req gateway | reviews | ml | total |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...pairs.map(({ p, v }) => {
      const pu = cpuMicrosPerRequest(p.cpuSeconds, p.result.requests);
      const vu = cpuMicrosPerRequest(v.cpuSeconds, v.result.requests);
      return `| ${p.scenario} | ${p.connections} | ${ratio(requestsPerSecond(p.result), requestsPerSecond(v.result))} | ${ratio(p.result.p99Ms, v.result.p99Ms)} | ${ratio(pu.gateway, vu.gateway)} | ${ratio(pu.reviews, vu.reviews)} | ${ratio(pu.ml, vu.ml)} | ${ratio(pu.total, vu.total)} |`;
    }),
    "",
  ].join("\n");
}

export function stackFactsTable(facts: readonly StackFacts[]): string {
  return [
    "| system | RSS gateway MB | RSS reviews MB | RSS ml MB | cold start to ready ms |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...facts.map((f) => `| ${f.system} | ${fixed(f.rssMb.gateway)} | ${fixed(f.rssMb.reviews)} | ${fixed(f.rssMb.ml)} | ${f.coldStartMs} |`),
    "",
  ].join("\n");
}
