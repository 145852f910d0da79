// `npm run docs:examples`: runs the marked examples of README.md and docs/*.md against a real
// stack (this checkout's services and committed model, ports the system chooses, a throw-away
// database and keys) and writes each answer into the documentation, so the figures in them are
// the service's own. `-- --check` changes nothing and fails, naming each stale example, when a
// file would change (CI runs it). The markers are described in docs-examples/markdown.ts.
//
// Shell examples run in bash exactly as written, with two substitutions only: the default
// gateway address 127.0.0.1:4000 becomes the stack's, and API_KEYS_PATH points to the stack's
// key file, which holds a local admin key (so `npm run --silent apikey -- show-admin` works as
// it does after `npm start`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { createLocalAdminKey } from "@sentiment/gateway/api-keys";
import { type Example, findExamples, formatAnswer, formatValue, rewrite, valueAt } from "./docs-examples/markdown.js";
import { ROOT, startStack } from "./stack.js";

const DEFAULT_ORIGIN = "127.0.0.1:4000";

function documents(): string[] {
  const docs = join(ROOT, "docs");
  const inDocs = existsSync(docs) ? readdirSync(docs, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".md")).map((f) => join(docs, f)) : [];
  return [join(ROOT, "README.md"), ...inDocs.sort()];
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
  const files = documents().map((path) => {
    const text = readFileSync(path, "utf8");
    return { path, text, examples: findExamples(text, relative(ROOT, path)) };
  });
  const count = files.reduce((n, f) => n + f.examples.length, 0);
  if (count === 0) {
    console.log("no marked examples");
    return 0;
  }

  const dir = mkdtempSync(join(tmpdir(), "docs-examples-"));
  const keysPath = join(dir, "api-keys.json");
  const adminKey = createLocalAdminKey(keysPath).key;
  const stack = await startStack({
    ports: { gateway: 0, reviews: 0, ml: 0, metrics: 0 },
    output: "collect",
    // Development, as after `npm start`: ad-hoc documents are what the examples send.
    env: { NODE_ENV: "development", SQLITE_PATH: join(dir, "reviews.db"), API_KEYS_PATH: keysPath, LOG_LEVEL: "warn" },
  });
  const origin = new URL(stack.gatewayUrl).host;
  const ask = async (query: string): Promise<unknown> => {
    const response = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ query }),
    });
    const answer = (await response.json()) as { errors?: unknown };
    if (answer.errors) throw new Error(`the service answered with errors: ${JSON.stringify(answer.errors)}`);
    return answer;
  };
  const shell = (commands: string): string => {
    const result = spawnSync("bash", ["-euo", "pipefail", "-c", commands.replaceAll(DEFAULT_ORIGIN, origin)], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, API_KEYS_PATH: keysPath },
      timeout: 60_000,
    });
    if (result.status !== 0) throw new Error(`exited with ${result.status ?? result.signal}: ${result.stderr.trim().split("\n").slice(-5).join("\n")}`);
    return result.stdout.trimEnd();
  };
  const answerTo = async (example: Example): Promise<string> => {
    if (example.kind === "query") return formatAnswer(await ask(example.query));
    if (example.kind === "shell") return shell(example.commands);
    return formatValue(valueAt(await ask(example.query), example.path), example.digits);
  };

  const stale: string[] = [];
  let failed = false;
  try {
    for (const file of files) {
      const answers: string[] = [];
      for (const example of file.examples) {
        try {
          answers.push(await answerTo(example));
        } catch (error) {
          failed = true;
          answers.push("");
          console.error(`${relative(ROOT, file.path)}:${example.line}: ${(error as Error).message}`);
        }
      }
      if (failed) continue;
      const updated = rewrite(file.text, file.examples, answers);
      if (updated === file.text) continue;
      const changedAt = file.examples.filter((e, k) => rewrite(file.text, [e], [answers[k] as string]) !== file.text).map((e) => e.line);
      stale.push(`${relative(ROOT, file.path)} (examples at lines ${changedAt.join(", ")})`);
      if (!values.check) writeFileSync(file.path, updated);
    }
  } finally {
    await stack.stop();
  }
  if (failed) return 1;
  if (stale.length === 0) {
    console.log(`${count} examples checked against the running service: all current`);
    return 0;
  }
  if (values.check) {
    console.error(`stale examples in ${stale.join("; ")}: run npm run docs:examples and commit the result`);
    return 1;
  }
  console.log(`rewrote ${stale.join("; ")}`);
  return 0;
}

process.exitCode = await main();
