import { describe, expect, it } from "vitest";
import { parseMachineCpu, parseProcStat, processTree, treeCpuSeconds } from "./process-cpu.js";

describe("/proc/<pid>/stat", () => {
  it("reads parent, CPU ticks and resident pages", () => {
    const stat = parseProcStat("1234 (node) S 1200 1234 1200 0 -1 4194560 5000 0 0 0 350 120 7 3 20 0 11 0 900 1100000000 25000 18446744073709551615\n");
    expect(stat).toEqual({ pid: 1234, ppid: 1200, utimeTicks: 350, stimeTicks: 120, childUtimeTicks: 7, childStimeTicks: 3, rssPages: 25000 });
  });

  it("counts fields from the last parenthesis, whatever the command name holds", () => {
    const stat = parseProcStat("77 (we ird) (name)) R 5 77 5 0 -1 0 0 0 0 0 11 22 0 0 20 0 1 0 1 1 9 0\n");
    expect([stat.ppid, stat.utimeTicks, stat.stimeTicks, stat.rssPages]).toEqual([5, 11, 22, 9]);
  });

  it("refuses text that is not a stat line", () => {
    expect(() => parseProcStat("no parentheses here")).toThrow(/not a \/proc/);
  });

  it("finds this process in its own tree and reads a CPU time for it", () => {
    expect(processTree(process.pid)[0]?.pid).toBe(process.pid);
    expect(treeCpuSeconds(process.pid)).toBeGreaterThan(0);
  });
});

describe("/proc/stat", () => {
  it("counts all but idle and iowait as busy, in seconds", () => {
    const text = "cpu  1000 10 290 5000 100 0 0 0 0 0\ncpu0 500 5 145 2500 50 0 0 0 0 0\n";
    expect(parseMachineCpu(text)).toEqual({ busySeconds: 13, totalSeconds: 64 });
  });
});
