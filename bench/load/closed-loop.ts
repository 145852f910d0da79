// Closed-loop load at a fixed number of connections: wrk when installed, else autocannon.
import { runAutocannon } from "./autocannon.js";
import type { BodyTemplate } from "./body-template.js";
import type { LoadResult } from "./result.js";
import { runWrk, wrkAvailable } from "./wrk.js";

export interface ClosedLoopRun {
  url: string;
  connections: number;
  seconds: number;
  template: BodyTemplate;
  headers: Record<string, string>;
}

export function closedLoopGenerator(): { name: "wrk" | "autocannon"; run: (r: ClosedLoopRun) => Promise<LoadResult> } {
  return wrkAvailable() ? { name: "wrk", run: runWrk } : { name: "autocannon", run: runAutocannon };
}
