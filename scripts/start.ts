// `npm start`: the whole system on this machine, SQLite and the committed model, no set-up.
// A service that dies is started again (supervisor.ts); Ctrl-C or SIGTERM stops all three.
import { createServer } from "node:net";
import { resolve } from "node:path";
import { createLocalAdminKey, localAdminKeyPath, readKeys, readLocalAdminKey } from "@sentiment/gateway/api-keys";
import { buildTryPage } from "./build/try-page.js";
import { ROOT, startStack } from "./stack.js";
import { Supervisor } from "./supervisor.js";

const SHOW_ADMIN = "npm run --silent apikey -- show-admin";

// Zero set-up stays zero set-up: outside production, a start with no active key creates a local
// admin key. It is printed before anything else can fail, and it can be printed again at any
// time (show-admin), so a first start that fails does not lose it.
const keysPath = resolve(ROOT, process.env.API_KEYS_PATH ?? "data/api-keys.json");
if (process.env.NODE_ENV !== "production") {
  if (!readKeys(keysPath).some((k) => k.revokedAt === null)) {
    const { key } = createLocalAdminKey(keysPath);
    console.log(`\n  A local admin API key was created:\n\n    ${key}\n`);
    console.log(`  Its hash is in ${keysPath}; the key itself in ${localAdminKeyPath(keysPath)} (readable by you only).`);
    console.log(`  Print it again at any time:  export KEY=$(${SHOW_ADMIN})`);
    console.log(`  Send it as the header  Authorization: Bearer $KEY  (in the explorer: Headers). Reads work without it in development.`);
    console.log(`  More keys: npm run apikey -- create --role writer --name my-app\n`);
  } else if (readLocalAdminKey(keysPath).status === "active") {
    console.log(`the local admin API key:  export KEY=$(${SHOW_ADMIN})`);
  }
}

// The variable that moves each port, for a message that says what to change.
const PORTS = [
  { name: "gateway", variable: "GATEWAY_PORT", host: process.env.GATEWAY_HOST ?? "127.0.0.1", port: Number(process.env.GATEWAY_PORT ?? 4000) },
  { name: "reviews", variable: "REVIEWS_PORT", host: process.env.REVIEWS_HOST ?? "127.0.0.1", port: Number(process.env.REVIEWS_PORT ?? 4001) },
  { name: "ml", variable: "ML_PORT", host: process.env.ML_HOST ?? "127.0.0.1", port: Number(process.env.ML_PORT ?? 4002) },
  { name: "gateway metrics", variable: "METRICS_PORT", host: process.env.METRICS_HOST ?? "127.0.0.1", port: Number(process.env.METRICS_PORT ?? 9464) },
  { name: "reviews metrics", variable: "REVIEWS_METRICS_PORT", host: process.env.REVIEWS_METRICS_HOST ?? "127.0.0.1", port: Number(process.env.REVIEWS_METRICS_PORT ?? 9465) },
  { name: "ml metrics", variable: "ML_METRICS_PORT", host: process.env.ML_METRICS_HOST ?? "127.0.0.1", port: Number(process.env.ML_METRICS_PORT ?? 9466) },
] as const;

/** Whether something already listens on host:port (0 never is: the system picks a free one). */
function inUse(host: string, port: number): Promise<boolean> {
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return Promise.resolve(false);
  return new Promise((resolveCheck) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => resolveCheck(error.code === "EADDRINUSE"));
    probe.listen(port, host, () => probe.close(() => resolveCheck(false)));
  });
}

/** One line per port taken, naming the variable that moves it; empty when none is. */
async function portsTaken(): Promise<string[]> {
  const lines: string[] = [];
  for (const { name, variable, host, port } of PORTS) {
    if (await inUse(host, port)) lines.push(`port ${port} (${name}) is already in use on ${host}: stop what uses it, or choose another port, e.g.  ${variable}=${port + 100} npm start`);
  }
  return lines;
}

// Checked first so a port in use is said in one line, not after the model has loaded; checked
// again if the start fails, for a port taken in between.
const taken = await portsTaken();
if (taken.length > 0) {
  for (const line of taken) console.error(line);
  process.exit(1);
}

// The try-it page (/try) is a browser bundle: built here in well under a second, so the page
// always matches the sources and the generated client.
if (process.env.TRY_PAGE_DIR === undefined) await buildTryPage(ROOT, resolve(ROOT, "dist/try"));
console.log("starting reviews, ml and gateway…");
const ports = { gateway: PORTS[0].port, reviews: PORTS[1].port, ml: PORTS[2].port, metrics: PORTS[3].port, reviewsMetrics: PORTS[4].port, mlMetrics: PORTS[5].port };
const stack = await startStack({ ports, output: "inherit" }).catch(async (error: Error) => {
  const takenNow = await portsTaken();
  console.error(takenNow.length > 0 ? takenNow.join("\n") : `could not start: ${error.message}`);
  process.exit(1);
});
const origin = new URL(stack.gatewayUrl).origin;
console.log(`\n  Sentiment GraphQL API ready  (${stack.coldStartMs} ms)\n`);
console.log(`    explorer   ${origin}/explorer`);
console.log(`    try it     ${origin}/try`);
console.log(`    endpoint   ${stack.gatewayUrl}`);
if (readLocalAdminKey(keysPath).status === "active") console.log(`    admin key  export KEY=$(${SHOW_ADMIN})`);
console.log(`\n  Ctrl-C stops all three services.\n`);

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
