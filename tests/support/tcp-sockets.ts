// What the kernel knows of a port's TCP connections (from /proc/net/tcp): how many are open, and
// how many hold bytes the process has not read yet.
import { readFileSync } from "node:fs";

interface Connection {
  state: string;
  receiveQueue: number;
}

function connectionsOn(port: number): Connection[] {
  const rows = readFileSync("/proc/net/tcp", "utf8").trim().split("\n").slice(1);
  const found: Connection[] = [];
  for (const row of rows) {
    const [, local, , state, queues] = row.trim().split(/\s+/);
    if (!local || !state || !queues) continue;
    if (Number.parseInt(local.split(":")[1] ?? "", 16) !== port) continue;
    found.push({ state, receiveQueue: Number.parseInt(queues.split(":")[1] ?? "0", 16) });
  }
  return found;
}

const ESTABLISHED = "01";

/** Connections accepted on (or queued for) a listening port. */
export function establishedOn(port: number): number {
  return connectionsOn(port).filter((c) => c.state === ESTABLISHED).length;
}

/** Connections on a listening port with unread bytes waiting: requests that have arrived. */
export function waitingOn(port: number): number {
  return connectionsOn(port).filter((c) => c.state === ESTABLISHED && c.receiveQueue > 0).length;
}
