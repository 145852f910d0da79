// Graceful shutdown on SIGTERM or SIGINT, by this project's own handler (Apollo Server's is
// turned off with stopOnTerminationSignals: false):
//
// 1. /readyz answers 503 at once, so load balancers and orchestrators stop sending new work;
// 2. for DRAIN_WINDOW_MS (SIGTERM only; SIGINT is someone at a terminal) the service still
//    accepts connections and serves them, every answer with `Connection: close`, so that what
//    was routed here before the balancers noticed is served instead of reset;
// 3. it stops accepting, serves every request it has received, then releases its resources
//    (stores, model) and logs "stopped". A second signal ends the window at once.
//
// The service's main.ts ends the process with the status this resolves to: 0, or 1 when
// releasing failed.
import type { Server } from "node:http";
import { trackConnections } from "./http-drain.js";
import type { Logger } from "./logger.js";

/** A service that has started; main.ts waits for it to stop and exits with that status. */
export interface RunningService {
  stopped: Promise<number>;
}

/** Below the 10 s that container runtimes wait between SIGTERM and SIGKILL. */
const DEFAULT_GRACE_MS = 8_000;

export interface ShutdownOptions {
  /** after SIGTERM, how long connections are still accepted and served (with Connection: close) */
  drainWindowMs: number;
  /** how long the requests received may take once the server stops accepting */
  graceMs?: number;
  /** called at the signal, before anything else: work the service holds back (answers it
   *  delays on purpose) is let go */
  onStopping?: () => void;
}

/** Resolves, after SIGTERM or SIGINT, once the service has stopped: to the exit status. */
export function shutdownGracefully(server: Server, logger: Logger, release: () => Promise<void>, options: ShutdownOptions): Promise<number> {
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  return new Promise((stopped) => {
    const connections = trackConnections(server);
    let endWindow: (() => void) | null = null;
    let stopping = false;

    const drainAndRelease = () => {
      logger.info({ inFlight: connections.inFlight() }, "shutting down: no new connections, finishing in-flight requests");
      const force = setTimeout(() => {
        logger.warn({ inFlight: connections.inFlight() }, "in-flight requests did not finish in time; closing anyway");
        connections.closeAll();
      }, graceMs);
      force.unref();
      connections
        .drain()
        .then(() => {
          clearTimeout(force);
          return release();
        })
        .then(() => {
          logger.info("stopped");
          stopped(0);
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, "error while releasing resources");
          stopped(1);
        });
    };

    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        endWindow?.();
        return;
      }
      stopping = true;
      options.onStopping?.();
      connections.beginDrain();
      const windowMs = signal === "SIGTERM" ? options.drainWindowMs : 0;
      if (windowMs === 0) {
        drainAndRelease();
        return;
      }
      logger.info({ signal, windowMs, inFlight: connections.inFlight() }, "stopping: not ready; serving new connections with Connection: close until the drain window ends");
      const timer = setTimeout(() => endWindow?.(), windowMs);
      endWindow = () => {
        endWindow = null;
        clearTimeout(timer);
        drainAndRelease();
      };
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  });
}
