import { describe, expect, it } from "vitest";
import { parseVmHwmBytes } from "./peak-memory.js";

describe("peak resident memory from /proc/<pid>/status", () => {
  it("reads VmHWM in bytes", () => {
    expect(parseVmHwmBytes("Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t  309812 kB\nVmRSS:\t  201000 kB\n")).toBe(309_812 * 1024);
  });

  it("has no figure for a process without one (a kernel thread, a zombie)", () => {
    expect(parseVmHwmBytes("Name:\tkthreadd\nState:\tS (sleeping)\n")).toBeUndefined();
  });
});
