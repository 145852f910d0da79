// Starts the real three-process stack for a suite on ports the system chooses, so suites and
// engineers running them side by side never collide; stack.urls holds what each service got.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStack, type Stack } from "../../scripts/stack.js";

export async function startTestStack(env: Record<string, string> = {}): Promise<Stack> {
  return startStack({
    ports: { gateway: 0, reviews: 0, ml: 0, metrics: 0 },
    output: "collect",
    throwAwayKeys: true,
    // No drain window unless a suite asks for one: a suite's stack stops at once, not after 2 s.
    env: { SQLITE_PATH: join(mkdtempSync(join(tmpdir(), "stack-")), "reviews.db"), LOG_LEVEL: "warn", DRAIN_WINDOW_MS: "0", ...env },
  });
}
