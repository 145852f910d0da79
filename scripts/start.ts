// `npm start`: the whole system on this machine, SQLite and the committed model, no set-up.
// A service that dies is started again (supervisor.ts); Ctrl-C or SIGTERM stops all three.
import { resolve } from "node:path";
import { createKey, readKeys } from "@sentiment/gateway/api-keys";
import { buildTryPage } from "./build/try-page.js";
import { ROOT, startStack } from "./stack.js";
import { Supervisor } from "./supervisor.js";

// Zero set-up stays zero set-up: outside production, the first start creates a local admin key.
const keysPath = resolve(ROOT, process.env.API_KEYS_PATH ?? "data/api-keys.json");
let newKey: string | null = null;
if (process.env.NODE_ENV !== "production" && !readKeys(keysPath).some((k) => k.revokedAt === null)) {
  newKey = createKey(keysPath, "local-development", "admin").key;
}

const ports = {
  gateway: Number(process.env.GATEWAY_PORT ?? 4000),
  reviews: Number(process.env.REVIEWS_PORT ?? 4001),
  ml: Number(process.env.ML_PORT ?? 4002),
  metrics: Number(process.env.METRICS_PORT ?? 9464),
  reviewsMetrics: Number(process.env.REVIEWS_METRICS_PORT ?? 9465),
  mlMetrics: Number(process.env.ML_METRICS_PORT ?? 9466),
};
// The try-it page (/try) is a browser bundle: built here in well under a second, so the page
// always matches the sources and the generated client.
if (process.env.TRY_PAGE_DIR === undefined) await buildTryPage(ROOT, resolve(ROOT, "dist/try"));
console.log("starting reviews, ml and gateway…");
const stack = await startStack({ ports, output: "inherit" }).catch((error: Error) => {
  console.error(`could not start: ${error.message}`);
  process.exit(1);
});
console.log(`\n  Sentiment GraphQL API ready at ${stack.gatewayUrl}  (${stack.coldStartMs} ms)\n  Try it in a browser: ${stack.gatewayUrl.replace(/\/graphql$/, "/try")}\n  Ctrl-C stops all three services.\n`);
if (newKey) {
  console.log(`  A local admin API key was created (stored hashed in ${keysPath}; shown only now):\n\n    ${newKey}\n`);
  console.log(`  Send it as the header  Authorization: Bearer ${newKey}`);
  console.log(`  (in the explorer: Headers → add "Authorization" with that value). Reads work without it in development.`);
  console.log(`  More keys: npm run apikey -- create --role writer --name my-app\n`);
}

const supervisor = new Supervisor(stack, (line) => console.error(`[npm start] ${line}`));
supervisor.watchAll();
let stopping = false;
const stopAll = async () => {
  if (stopping) return;
  stopping = true;
  console.error("[npm start] stopping reviews, ml and gateway…");
  await supervisor.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stopAll());
process.on("SIGTERM", () => void stopAll());
