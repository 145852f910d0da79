import { defineConfig } from "vitest/config";

// Unit tests sit beside the code they test and touch nothing outside the process; everything under
// tests/ starts real processes, listens on ports or loads the model.
const UNIT = ["{gateway,platform,model,schema,bench,scripts}/**/*.test.ts", "subgraphs/*/src/**/*.test.ts", "client/**/*.test.ts"];

export default defineConfig({
  test: {
    // Read here, not per project: unit files share worker threads; integration files keep a fresh
    // process each (forks, isolated by default).
    poolOptions: { threads: { isolate: false } },
    projects: [
      {
        test: {
          name: "unit",
          include: UNIT,
          exclude: ["**/node_modules/**"],
          setupFiles: ["tests/support/unit-isolation.ts"],
          // Pure functions share nothing, so files run side by side; in `npm test` they finish before
          // the first stack starts, so they never take a core from a timing-sensitive suite.
          fileParallelism: true,
          // They hold no state between files, so a worker thread keeps its loaded modules for the
          // next file (a third of the time on two cores); a test that fakes timers restores them itself.
          pool: "threads",
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...UNIT.filter((glob) => glob.startsWith("tests/"))],
          // Integration suites start real three-process stacks; on two cores they run one file at a time.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
