// The balancer program: configuration from the environment, JSON log lines, graceful stop.
import { loadConfigOrExit } from "../../platform/src/config.js";
import { balancerConfigSchema } from "./balancer-config.js";
import { startBalancer, type Log } from "./tcp-balancer.js";

const config = loadConfigOrExit("balancer", balancerConfigSchema);
const log: Log = (level, message, fields = {}) => {
  const line = JSON.stringify({ time: new Date().toISOString(), level, service: "balancer", msg: message, ...fields });
  (level === "info" ? process.stdout : process.stderr).write(`${line}\n`);
};

const balancer = await startBalancer({ config, log });
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  log("info", "stopping: no new connections", { signal });
  void balancer.stop(config.DRAIN_MS).then(() => {
    log("info", "stopped");
    process.exit(0);
  });
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
