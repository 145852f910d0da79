// The gateway: the only public entry point. One process, or several sharing the port.
import cluster from "node:cluster";
import { loadConfigOrExit } from "@sentiment/platform/config";
import { createLogger } from "@sentiment/platform/logger";
import { gatewayConfigSchema } from "./config.js";
import { serveGateway } from "./server.js";
import { superviseWorkers } from "./workers.js";

const config = loadConfigOrExit("gateway", gatewayConfigSchema);
const logger = createLogger("gateway", config.LOG_LEVEL);

if (config.GATEWAY_WORKERS > 1 && cluster.isPrimary) {
  superviseWorkers(config.GATEWAY_WORKERS, logger);
} else {
  await serveGateway(config, logger);
}
