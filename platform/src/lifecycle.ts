// Graceful shutdown: on SIGTERM or SIGINT stop accepting connections, let in-flight
// requests finish, then release resources (stores, model) and exit.
import type { Server } from "node:http";
import type { Logger } from "./logger.js";

export function shutdownGracefully(server: Server, logger: Logger, release: () => Promise<void>, graceMs = 10_000): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new connections, finishing in-flight requests");
    const force = setTimeout(() => {
      logger.warn("in-flight requests did not finish in time; closing anyway");
      server.closeAllConnections();
    }, graceMs);
    force.unref();
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearInterval(idle);
      release()
        .then(() => {
          logger.info("stopped");
          process.exit(0);
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, "error while releasing resources");
          process.exit(1);
        });
    });
    server.closeIdleConnections();
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}
