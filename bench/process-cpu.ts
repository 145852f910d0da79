// CPU time and resident memory of a service, read from /proc. A service is counted with every
// process below it (a launcher that forks, a gateway with cluster workers), so the figure is what
// the service costs the machine, whatever its process layout.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface ProcStat {
  pid: number;
  ppid: number;
  /** CPU time of the process (all its threads), in clock ticks */
  utimeTicks: number;
  stimeTicks: number;
  /** CPU time of its children that it has waited for, in clock ticks */
  childUtimeTicks: number;
  childStimeTicks: number;
  rssPages: number;
}

/** Parses /proc/<pid>/stat. The command name (field 2) may hold spaces and parentheses, so the
 *  fields are counted from its last closing parenthesis. */
export function parseProcStat(text: string): ProcStat {
  const close = text.lastIndexOf(")");
  if (close < 0) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  const pid = Number(text.slice(0, text.indexOf("(")).trim());
  // rest[0] is field 3 (state), so field n is rest[n - 3]
  const rest = text.slice(close + 2).trim().split(/\s+/);
  const field = (n: number) => {
    const value = Number(rest[n - 3]);
    if (!Number.isFinite(value)) throw new Error(`field ${n} of /proc/${pid}/stat is not a number`);
    return value;
  };
  return {
    pid,
    ppid: field(4),
    utimeTicks: field(14),
    stimeTicks: field(15),
    childUtimeTicks: field(16),
    childStimeTicks: field(17),
    rssPages: field(24),
  };
}

const sysconf = (name: string, fallback: number): number => {
  try {
    const value = Number(execFileSync("getconf", [name], { encoding: "utf8" }).trim());
    return Number.isFinite(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
};
export const CLOCK_TICKS_PER_SECOND = sysconf("CLK_TCK", 100);
const PAGE_BYTES = sysconf("PAGESIZE", 4096);

function readStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined; // gone between the listing and the read
  }
}

/** The process and all its descendants, as they are now. */
export function processTree(root: number): ProcStat[] {
  const all = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map((d) => readStat(Number(d))).filter((s): s is ProcStat => s !== undefined);
  const byParent = new Map<number, ProcStat[]>();
  for (const stat of all) byParent.set(stat.ppid, [...(byParent.get(stat.ppid) ?? []), stat]);
  const rootStat = all.find((s) => s.pid === root);
  if (!rootStat) return [];
  const tree = [rootStat];
  for (let i = 0; i < tree.length; i += 1) tree.push(...(byParent.get(tree[i]!.pid) ?? []));
  return tree;
}

/** Seconds on CPU (user + system) of a process tree, children it reaped included. */
export function treeCpuSeconds(root: number): number {
  const ticks = processTree(root).reduce((sum, s) => sum + s.utimeTicks + s.stimeTicks + s.childUtimeTicks + s.childStimeTicks, 0);
  return ticks / CLOCK_TICKS_PER_SECOND;
}

export function treeRssBytes(root: number): number {
  return processTree(root).reduce((sum, s) => sum + s.rssPages, 0) * PAGE_BYTES;
}

/** CPU seconds of each named process tree between two readings. */
export class CpuMeter<Name extends string> {
  private readonly start: Record<Name, number>;
  constructor(private readonly pids: Record<Name, number>) {
    this.start = this.read();
  }
  private read(): Record<Name, number> {
    const out = {} as Record<Name, number>;
    for (const name of Object.keys(this.pids) as Name[]) out[name] = treeCpuSeconds(this.pids[name]);
    return out;
  }
  /** seconds each tree spent on CPU since the meter was made */
  elapsed(): Record<Name, number> {
    const now = this.read();
    const out = {} as Record<Name, number>;
    for (const name of Object.keys(now) as Name[]) out[name] = now[name] - this.start[name];
    return out;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores) from /proc/stat's "cpu" line:
 *  busy is everything but idle and iowait. */
export function parseMachineCpu(procStat: string): { busySeconds: number; totalSeconds: number } {
  const line = procStat.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) throw new Error('/proc/stat has no "cpu" line');
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busySeconds: busy / CLOCK_TICKS_PER_SECOND, totalSeconds: (busy + idle + iowait) / CLOCK_TICKS_PER_SECOND };
}

export function machineCpu(): { busySeconds: number; totalSeconds: number } {
  return parseMachineCpu(readFileSync("/proc/stat", "utf8"));
}
