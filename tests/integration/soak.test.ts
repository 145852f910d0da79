// SOAK — the long test of this suite (about 85 s): `npm run soak` for 75 s instead of 5 minutes.
// A steady mixed load through the gateway; each process's live heap, read after a forced full
// collection, must not grow by more than the soak's limit per request, no request may fail and
// no process may exit (scripts/soak.ts says how the limit was chosen).
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/stack.js";

function soak(seconds: number): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/soak.ts"], { cwd: ROOT, env: { ...process.env, SOAK_SECONDS: String(seconds) }, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("exit", (status) => resolve({ status, stdout }));
  });
}

describe("soak (75 s version of npm run soak)", () => {
  it("keeps every process's live heap flat under a steady mixed load, with no failed request", async () => {
    const { status, stdout } = await soak(75);
    console.log(stdout);
    expect(stdout).toMatch(/ 0 failed/);
    for (const name of ["gateway", "reviews", "ml"]) expect(stdout).toMatch(new RegExp(`^\\| ${name} \\|.*\\| ok \\|$`, "m"));
    expect(status).toBe(0);
  }, 180_000);
});
