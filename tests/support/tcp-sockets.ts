// What the kernel knows of a port's TCP connections (from /proc/net/tcp): how many are open, and
// how many hold bytes the process has not read yet; and whether the port still accepts at all.
import { readFileSync } from "node:fs";
import { connect } from "node:net";

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

/** Whether a new connection to `port` on 127.0.0.1 is refused: its listening socket is closed. */
export function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(port, "127.0.0.1");
    probe.once("connect", () => {
      probe.destroy();
      resolve(false);
    });
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}
