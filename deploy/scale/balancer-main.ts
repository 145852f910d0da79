// The balancer program: configuration from the environment, JSON log lines, graceful stop.
import { describeStartupFailure, exitStatusFor, loadConfig } from "@sentiment/platform/config";
import { balancerConfigSchema, type BalancerConfig } from "./balancer-config.js";
import { startBalancer, type Log } from "./tcp-balancer.js";

let config: BalancerConfig;
try {
  config = loadConfig(balancerConfigSchema);
} catch (error) {
  process.stderr.write(`${describeStartupFailure("balancer", error)}\n`);
  process.exit(exitStatusFor(error));
}
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
  balancer.stop(config.DRAIN_MS).then(
    () => {
      log("info", "stopped");
      process.exit(0);
    },
    (error: unknown) => {
      log("error", "could not stop cleanly", { error: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
