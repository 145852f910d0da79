// A newcomer's first `npm start` and the key tool, as real processes: the local admin key is
// shown whatever happens to the first start and can be shown again; a port in use names the
// variable that moves it; the ready banner points to the explorer; `apikey` answers every bad
// input with its usage or a one-line reason, never a stack trace.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLocalAdminKey } from "@sentiment/gateway/api-keys";
import { ROOT } from "../../scripts/stack.js";
import { graphql } from "../support/graphql-client.js";
import { pollUntil } from "../support/until.js";

const KEY = /sgk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}/;
const STACK_TRACE = /^\s+at /m;

/** `npm run apikey -- …` as a process of its own (not spawnSync: the test's worker keeps answering). */
function apikey(keysPath: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/apikey.ts", ...args], { cwd: ROOT, env: { ...process.env, API_KEYS_PATH: keysPath }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const keyFile = () => join(mkdtempSync(join(tmpdir(), "first-start-")), "api-keys.json");

/** A port held by another listener on 127.0.0.1, as when something else uses the default. */
async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port };
}

describe("npm start on a first run", () => {
  const held: Server[] = [];
  const started: Array<{ pid: number }> = [];
  afterEach(() => {
    for (const server of held.splice(0)) server.close();
    for (const { pid } of started.splice(0)) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });

  function start(keysPath: string, env: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), "first-start-db-"));
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NODE_ENV: "development", REVIEWS_PORT: "0", ML_PORT: "0", METRICS_PORT: "0", SQLITE_PATH: join(dir, "reviews.db"), API_KEYS_PATH: keysPath, LOG_LEVEL: "warn", ...env },
    });
    started.push({ pid: child.pid as number });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, output: () => output, exited };
  }

  it("shows the admin key even when the gateway's port is taken, names GATEWAY_PORT, and the key can be shown again", async () => {
    const { server, port } = await holdPort();
    held.push(server);
    const keysPath = keyFile();
    const run = start(keysPath, { GATEWAY_PORT: String(port) });
    expect(await run.exited).toBe(1);
    const printed = KEY.exec(run.output())?.[0];
    expect(printed).toBeDefined();
    expect(run.output()).toContain(`port ${port} (gateway) is already in use`);
    expect(run.output()).toContain(`GATEWAY_PORT=${port + 100} npm start`);
    expect(run.output()).not.toMatch(STACK_TRACE);

    const shown = await apikey(keysPath, "show-admin");
    expect(shown.status).toBe(0);
    expect(shown.stdout.trim()).toBe(printed);
  });

  it("on a later start, points to show-admin instead of printing the key, and its banner points to the explorer", async () => {
    const keysPath = keyFile();
    // The first start failed on a port in use: the key exists, its start did not.
    const { server, port } = await holdPort();
    held.push(server);
    const first = start(keysPath, { GATEWAY_PORT: String(port) });
    await first.exited;
    const key = (await apikey(keysPath, "show-admin")).stdout.trim();

    const run = start(keysPath, { GATEWAY_PORT: "0" });
    const banner = /explorer\s+(http:\/\/[^/\s]+)\/explorer/;
    await pollUntil(() => banner.test(run.output()) || run.child.exitCode !== null, "npm start to say it is ready", 90_000, 100);
    const origin = banner.exec(run.output())?.[1];
    expect(origin, run.output()).toBeDefined();
    expect(run.output()).not.toContain(key);
    expect(run.output()).toContain("export KEY=$(npm run --silent apikey -- show-admin)");

    expect((await fetch(`${origin}/explorer`)).status).toBe(200);
    // The key shown again is the admin key the gateway accepts.
    const created = await graphql(`${origin}/graphql`, `mutation { submitReview(input: { text: "A first review, as pasted." }) { id } }`, {}, { authorization: `Bearer ${key}` });
    expect(created.status).toBe(200);
    expect(created.body.errors).toBeUndefined();
  }, 120_000);
});

// Each case is a process of its own, mostly waiting for its start-up: they run side by side.
describe.concurrent("npm run apikey", () => {
  it("prints its usage for --help, -h and help, with status 0", async () => {
    for (const flag of ["--help", "-h", "help"]) {
      const result = await apikey(keyFile(), flag);
      expect(result.status, flag).toBe(0);
      expect(result.stdout).toMatch(/^usage: npm run apikey -- <command>/);
      expect(result.stdout).toContain("show-admin");
    }
  });

  it.each([
    ["no command", [], /usage: npm run apikey/],
    ["an unknown command", ["rotate"], /unknown command "rotate"/],
    ["an unknown option", ["create", "--colour", "red"], /Unknown option '--colour'/],
    ["an option without its value", ["create", "--role"], /--role/],
    ["create without a role", ["create", "--name", "ci"], /--role must be one of: reader, writer, admin/],
    ["create with a role that does not exist", ["create", "--role", "root", "--name", "ci"], /--role must be one of/],
    ["create without a name", ["create", "--role", "writer"], /--name is required/],
    ["create with a blank name", ["create", "--role", "writer", "--name", "  "], /--name is required/],
    ["create with a name too long", ["create", "--role", "writer", "--name", "x".repeat(101)], /at most 100 characters/],
    ["create with a stray argument", ["create", "extra", "--role", "writer", "--name", "ci"], /unexpected argument "extra"/],
    ["revoke without an id", ["revoke"], /revoke needs the key's id/],
    ["revoke of an unknown id", ["revoke", "0badc0de"], /no active key with id 0badc0de/],
    ["list with a stray argument", ["list", "all"], /unexpected argument "all"/],
    ["show-admin with no local admin key", ["show-admin"], /no local admin key .* npm start creates one/],
  ])("answers %s with a one-line reason and status 2", async (_what, args, reason) => {
    const result = await apikey(keyFile(), ...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it("says the local admin key was revoked, and how to make another", async () => {
    const keysPath = keyFile();
    const id = createLocalAdminKey(keysPath).record.id;
    // Revoked by editing the file, so the secret file is still there to be recognised.
    const keys = JSON.parse(readFileSync(keysPath, "utf8")) as { keys: Array<{ revokedAt: string | null }> };
    for (const k of keys.keys) k.revokedAt = new Date().toISOString();
    writeFileSync(keysPath, JSON.stringify(keys));
    const result = await apikey(keysPath, "show-admin");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`the local admin key ${id} was revoked`);
    expect(result.stderr).toContain("apikey -- create --role admin");
  });

  it("names a key file it cannot read, with status 1 and no stack trace", async () => {
    const keysPath = keyFile();
    writeFileSync(keysPath, "{ not json");
    for (const args of [["list"], ["show-admin"], ["create", "--role", "reader", "--name", "ci"], ["revoke", "0badc0de"]]) {
      const result = await apikey(keysPath, ...args);
      expect(result.status, args.join(" ")).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^apikey: ${keysPath} is not a valid API key file`));
      expect(result.stderr).not.toMatch(STACK_TRACE);
    }
  });

  it("creates a key that list shows and revoke removes", async () => {
    const keysPath = keyFile();
    const created = await apikey(keysPath, "create", "--role", "writer", "--name", "ci");
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(KEY);
    const id = /created key ([0-9a-f]{8})/.exec(created.stdout)?.[1] as string;
    expect((await apikey(keysPath, "list")).stdout).toMatch(new RegExp(`^${id}  writer  active`, "m"));
    expect((await apikey(keysPath, "revoke", id)).status).toBe(0);
    expect((await apikey(keysPath, "list")).stdout).toMatch(new RegExp(`^${id}  writer  revoked`, "m"));
  });
});
