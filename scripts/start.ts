// `npm start`: the whole system on this machine, SQLite and the committed model, no set-up.
import { startStack } from "./stack.js";

const ports = {
  gateway: Number(process.env.GATEWAY_PORT ?? 4000),
  reviews: Number(process.env.REVIEWS_PORT ?? 4001),
  ml: Number(process.env.ML_PORT ?? 4002),
};
console.log("starting reviews, ml and gateway…");
const stack = await startStack({ ports, output: "inherit" }).catch((error: Error) => {
  console.error(`could not start: ${error.message}`);
  process.exit(1);
});
console.log(`\n  Sentiment GraphQL API ready at ${stack.gatewayUrl}  (${stack.coldStartMs} ms)\n  Ctrl-C stops all three services.\n`);

let stopping = false;
const stopAll = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(code);
};
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
for (const service of stack.services.values()) {
  service.process.once("exit", (code, signal) => {
    if (stopping) return;
    console.error(`${service.name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping the others`);
    void stopAll(1);
  });
}
