// The gateway: the only public entry point. One process, or several sharing the port. The only
// place that ends the gateway process: a start-up failure exits 78 (configuration) or 1, a
// graceful stop with the status its shutdown reports.
import cluster from "node:cluster";
import { createLogger, describeStartupFailure, exitStatusFor, loadConfig } from "@sentiment/platform";
import { gatewayConfigSchema } from "./config.js";
import { serveGateway } from "./server.js";
import { superviseWorkers } from "./workers.js";

let stopped: Promise<number>;
try {
  const config = loadConfig(gatewayConfigSchema);
  const logger = createLogger("gateway", config.LOG_LEVEL);
  stopped = config.GATEWAY_WORKERS > 1 && cluster.isPrimary ? superviseWorkers(config.GATEWAY_WORKERS, logger) : (await serveGateway(config, logger)).stopped;
} catch (error) {
  process.stderr.write(`${describeStartupFailure("gateway", error)}\n`);
  process.exit(exitStatusFor(error));
}
process.exit(await stopped);
