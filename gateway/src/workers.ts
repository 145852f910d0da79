// Several gateway processes behind one port (node:cluster): the primary only supervises,
// replaces a worker that dies, and passes SIGTERM/SIGINT on for a graceful stop.
import cluster from "node:cluster";
import { forwardListening, type Logger } from "@sentiment/platform";

/** Resolves to the exit status (0) once a stop was asked for and every worker has exited. */
export function superviseWorkers(count: number, logger: Logger): Promise<number> {
  return new Promise((stopped) => {
    let stopping = false;
    for (let i = 0; i < count; i += 1) cluster.fork();
    cluster.on("message", (_worker, message) => forwardListening(message));
    cluster.on("exit", (worker, code, signal) => {
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) stopped(0);
        return;
      }
      logger.error({ pid: worker.process.pid, code, signal }, "gateway worker died; starting another");
      cluster.fork();
    });
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "stopping gateway workers");
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
}
