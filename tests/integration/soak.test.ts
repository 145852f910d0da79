// SOAK — the long tests of this suite: `npm run soak` for 75 s instead of 5 minutes, and once more
// with a leak planted in the gateway. A steady mixed load through the gateway; each process's live
// heap, read after a forced full collection, must not grow by more than the soak's limit per
// request answered, no request may fail and no process may exit (scripts/soak.ts says how the
// limit was chosen). The figure is per request actually answered and the run lengthens until it
// has a large enough sample, so a busy machine makes the soak slower, not red; and a leak must
// still turn it red.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/stack.js";

function soak(seconds: number, env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/soak.ts"], { cwd: ROOT, env: { ...process.env, SOAK_SECONDS: String(seconds), ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("exit", (status) => resolve({ status, stdout }));
  });
}

/** The bytes per request of a process's row: the fifth cell (process, heap after warm-up, heap at end, slope, bytes/request). */
const bytesPerRequest = (stdout: string, name: string) => Number(new RegExp(`^\\| ${name} \\|(?:[^|]*\\|){3} *(\\d+) \\|`, "m").exec(stdout)?.[1]);

// Loaded into the gateway only (the soak's services share their node flags): keeps a fresh string
// of about 320 characters, plus its slot in an array, for every HTTP request the gateway receives.
const PLANTED_LEAK = `
import http from "node:http";
if (process.argv.some((arg) => /gateway(\\/src\\/main\\.ts|\\.js)$/.test(arg))) {
  const kept = [];
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, ...args) {
    if (event === "request") kept.push("x".repeat(300) + Math.random());
    return emit.call(this, event, ...args);
  };
}`;

describe("soak (75 s version of npm run soak)", () => {
  it("keeps every process's live heap flat under a steady mixed load, with no failed request", async () => {
    const { status, stdout } = await soak(75);
    console.log(stdout);
    expect(stdout).toMatch(/ 0 failed/);
    for (const name of ["gateway", "reviews", "ml"]) expect(stdout).toMatch(new RegExp(`^\\| ${name} \\|.*\\| ok \\|$`, "m"));
    expect(status).toBe(0);
  }, 420_000);

  it("fails a gateway that keeps about 350 bytes per request", async () => {
    const leak = `--import=data:text/javascript;base64,${Buffer.from(PLANTED_LEAK).toString("base64")}`;
    const { status, stdout } = await soak(45, { STACK_NODE_FLAGS: leak, SOAK_MIN_REQUESTS: "2000" });
    console.log(stdout);
    expect(stdout).toMatch(/^\| gateway \|.*\| OVER THE LIMIT \|$/m);
    expect(bytesPerRequest(stdout, "gateway")).toBeGreaterThan(250);
    expect(status).toBe(1);
  }, 420_000);
});
