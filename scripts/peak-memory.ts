// Peak resident memory of a process tree, as the kernel counts it (VmHWM of /proc/<pid>/status:
// the high-water mark of the resident set since the process started). A sampled RSS can miss a
// peak between two samples; the kernel's mark cannot.
import { readdirSync, readFileSync } from "node:fs";

const VM_HWM = /^VmHWM:\s+(\d+)\s+kB$/m;

/** VmHWM in bytes from the text of /proc/<pid>/status, or undefined when the line is absent (a kernel thread, a zombie). */
export function parseVmHwmBytes(status: string): number | undefined {
  const match = VM_HWM.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: the fields after it are counted from its closing one.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** The largest VmHWM among the process and its descendants (a service started through a shell or npm is its node child). */
export function peakRssBytes(root: number): number {
  const pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map(Number);
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  let peak = 0;
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) {
    const pid = tree[i] as number;
    try {
      peak = Math.max(peak, parseVmHwmBytes(readFileSync(`/proc/${pid}/status`, "utf8")) ?? 0);
    } catch {
      // gone meanwhile
    }
    tree.push(...(children.get(pid) ?? []));
  }
  return peak;
}
