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
      const first = !stopping;
      stopping = true;
      if (first) logger.info({ signal }, "stopping gateway workers");
      // Passed on each time: a second signal ends the workers' drain window (lifecycle.ts).
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  });
}
