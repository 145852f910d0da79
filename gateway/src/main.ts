// The gateway: the only public entry point. One process, or several sharing the port. The only
// place that ends the gateway process: a start-up failure exits 78 (configuration) or 1, a
// graceful stop with the status its shutdown reports.
import cluster from "node:cluster";
import { createLogger, loadConfig, runService } from "@sentiment/platform";
import { gatewayConfigSchema } from "./config.js";
import { serveGateway } from "./server.js";
import { superviseWorkers } from "./workers.js";

process.exit(
  await runService("gateway", async () => {
    const config = loadConfig(gatewayConfigSchema);
    const logger = createLogger("gateway", config.LOG_LEVEL);
    return config.GATEWAY_WORKERS > 1 && cluster.isPrimary ? { stopped: superviseWorkers(config.GATEWAY_WORKERS, logger) } : serveGateway(config, logger);
  }),
);
