// Starts the real three-process stack for a suite on ports of its own.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStack, type Stack } from "../../scripts/stack.js";

let nextPort = 4300 + (process.pid % 50) * 10;

export async function startTestStack(env: Record<string, string> = {}): Promise<Stack> {
  const base = nextPort;
  nextPort += 3;
  return startStack({
    ports: { gateway: base, reviews: base + 1, ml: base + 2 },
    output: "collect",
    throwAwayKeys: true,
    env: { SQLITE_PATH: join(mkdtempSync(join(tmpdir(), "stack-")), "reviews.db"), LOG_LEVEL: "warn", ...env },
  });
}
