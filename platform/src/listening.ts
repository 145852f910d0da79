// Which ports a service was given. With port 0 the system chooses one and only the service knows
// it, so a parent that started the service with an IPC channel (scripts/stack.ts: the tests, the
// benchmark) is told over that channel; without a channel there is nobody to tell.
import type { Server } from "node:net";

export interface ListeningReport {
  service: string;
  port: number;
  /** the separate Prometheus port, for a service that has one */
  metricsPort?: number;
}

export function isListeningReport(message: unknown): message is { listening: ListeningReport } {
  const report = (message as { listening?: Partial<ListeningReport> } | null)?.listening;
  return typeof report?.service === "string" && typeof report.port === "number";
}

/** The port a listening server is bound to. */
export function boundPort(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the server is not listening on a TCP port");
  return address.port;
}

export function reportListening(report: ListeningReport): void {
  if (process.connected) process.send?.({ listening: report });
}

/** A cluster primary passes its workers' reports on (each worker reports the one shared port). */
export function forwardListening(message: unknown): void {
  if (isListeningReport(message)) reportListening(message.listening);
}
