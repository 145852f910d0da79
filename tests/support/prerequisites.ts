// Runs before `npm test` (the pretest script): what the suites need from the machine beyond
// node_modules. Where it can, it provides it (Debian's chromium for the browser test, a local
// PostgreSQL or Redis that is installed but not running); otherwise it says in one line what is
// missing, and the suites that need it fail with their own message. It never fails the run itself.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { DATA_DIR } from "./data-dir.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const POSTGRES = new URL(process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test");
const REDIS = { host: "127.0.0.1", port: 6379 };
const isRoot = process.getuid?.() === 0;
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

function say(line: string): void {
  process.stdout.write(`prerequisites: ${line}\n`);
}

function succeeds(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "pipe"], env, timeout: 15 * 60_000 });
  return result.status === 0;
}

const hasCommand = (name: string) => succeeds("sh", ["-c", `command -v ${name}`]);

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ""), port, timeout: 1_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("timeout", () => done(false));
    socket.once("error", () => done(false));
  });
}

async function reachableWithin(host: string, port: number, seconds: number): Promise<boolean> {
  for (let i = 0; i < seconds * 4; i += 1) {
    if (await reachable(host, port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const remedy = `tests/e2e needs Chromium at ${CHROMIUM}: run \`apt-get install chromium\` as root or set CHROMIUM_PATH`;
  if (!isRoot || !hasCommand("apt-get")) return say(remedy);
  say("installing Debian's chromium for the browser test (tests/e2e), once");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const installed = succeeds("apt-get", ["update", "-qq"], env) && succeeds("apt-get", ["install", "-y", "-qq", "chromium"], env);
  if (!installed || !existsSync(CHROMIUM)) say(`could not install chromium with apt-get; ${remedy}`);
}

async function ensurePostgres(): Promise<void> {
  const port = Number(POSTGRES.port || 5432);
  if (await reachable(POSTGRES.hostname, port)) return;
  const remedy = `the PostgreSQL suites need a server at ${POSTGRES.hostname}:${port} (TEST_DATABASE_URL)`;
  const clusters = existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql") : [];
  if (!isRoot || !LOCAL_HOSTS.has(POSTGRES.hostname) || clusters.length === 0 || !hasCommand("pg_ctlcluster")) return say(`${remedy}; none answers`);
  const version = clusters.sort().at(-1) as string;
  say(`starting the local PostgreSQL ${version} cluster`);
  succeeds("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"]);
  if (!(await reachableWithin(POSTGRES.hostname, port, 30))) say(`${remedy}; starting PostgreSQL ${version} did not bring it up`);
}

async function ensureRedis(): Promise<void> {
  if (await reachable(REDIS.host, REDIS.port)) return;
  const remedy = `the shared rate-limit test needs Redis at ${REDIS.host}:${REDIS.port}`;
  if (!hasCommand("redis-server")) return say(`${remedy}; none answers and redis-server is not installed`);
  say("starting a local Redis (no persistence) for the rate-limit test");
  succeeds("redis-server", ["--daemonize", "yes", "--bind", "127.0.0.1", "--port", String(REDIS.port), "--save", "", "--appendonly", "no", "--dir", "/tmp", "--logfile", "/tmp/redis-test.log"]);
  if (!(await reachableWithin(REDIS.host, REDIS.port, 15))) say(`${remedy}; starting redis-server did not bring it up (log: /tmp/redis-test.log)`);
}

/** The training data the committed model was built from (its manifest names the files): the model
 *  suites check the artifact against it and train from it. It cannot be fetched from here. */
function checkTrainingData(): void {
  const manifestPath = join(import.meta.dirname, "../../model/artifacts/manifest.json");
  const files = Object.keys((JSON.parse(readFileSync(manifestPath, "utf8")) as { data?: Record<string, unknown> }).data ?? {});
  const missing = files.filter((name) => !existsSync(join(DATA_DIR, name)));
  if (missing.length > 0) say(`tests/model needs the training data (${missing.join(", ")}) in ${DATA_DIR}: put the files there or set SENTIMENT_DATA_DIR to the directory that holds them`);
}

checkTrainingData();
ensureChromium();
await ensurePostgres();
await ensureRedis();
