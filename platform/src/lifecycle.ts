// Graceful shutdown on SIGTERM or SIGINT, by this project's own handler (Apollo Server's is
// turned off with stopOnTerminationSignals: false): stop accepting connections, serve every
// request already received, then release resources (stores, model) and log "stopped". The
// service's main.ts ends the process with the status this resolves to: 0, or 1 when releasing
// failed.
import type { Server } from "node:http";
import { trackConnections } from "./http-drain.js";
import type { Logger } from "./logger.js";

/** A service that has started; main.ts waits for it to stop and exits with that status. */
export interface RunningService {
  stopped: Promise<number>;
}

/** Below the 10 s that container runtimes wait between SIGTERM and SIGKILL. */
const DEFAULT_GRACE_MS = 8_000;

/** Resolves, after SIGTERM or SIGINT, once the service has stopped: to the exit status. */
export function shutdownGracefully(server: Server, logger: Logger, release: () => Promise<void>, graceMs = DEFAULT_GRACE_MS): Promise<number> {
  return new Promise((stopped) => {
    const connections = trackConnections(server);
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal, inFlight: connections.inFlight() }, "shutting down: no new connections, finishing in-flight requests");
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
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  });
}
