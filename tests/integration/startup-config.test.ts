import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/stack.js";

const SECRET = "s".repeat(40);
// Port 0 everywhere: a service that got further than the test expects takes a free port, never
// one that a running stack holds.
const VALID = { LOG_LEVEL: "silent", SUBGRAPH_SECRET: SECRET, REVIEWS_SECRET: SECRET, ML_SECRET: SECRET, ML_URL: "http://127.0.0.1:9/graphql", REVIEWS_PORT: "0", ML_PORT: "0", GATEWAY_PORT: "0", METRICS_PORT: "0", REVIEWS_METRICS_PORT: "0", ML_METRICS_PORT: "0" };

function start(entry: string, env: Record<string, string | undefined>) {
  const run = spawnSync(process.execPath, ["--import", "tsx", entry], { cwd: ROOT, env: { ...process.env, ...VALID, ...env }, encoding: "utf8", timeout: 30_000 });
  return { status: run.status, stderr: run.stderr };
}

describe("every service refuses to start with wrong configuration, naming the variable", () => {
  it("reviews: a port that is not a number", () => {
    const { status, stderr } = start("subgraphs/reviews/src/main.ts", { REVIEWS_PORT: "forty" });
    expect(status).toBe(78);
    expect(stderr).toContain("REVIEWS_PORT");
  });

  it("gateway and ml: an empty number, which would otherwise read as 0 (a random port, the cache off)", () => {
    const gateway = start("gateway/src/main.ts", { GATEWAY_PORT: "" });
    expect(gateway.status).toBe(78);
    expect(gateway.stderr).toContain("GATEWAY_PORT: is empty: give a number, or unset the variable for its default");
    const ml = start("subgraphs/ml/src/main.ts", { ML_OUTPUT_CACHE_ENTRIES: "" });
    expect(ml.status).toBe(78);
    expect(ml.stderr).toContain("ML_OUTPUT_CACHE_ENTRIES: is empty");
  });

  it("gateway: its port taken by another process, naming the variables", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const taken = (holder.address() as { port: number }).port;
    try {
      const { status, stderr } = start("gateway/src/main.ts", { GATEWAY_PORT: String(taken) });
      expect(status).toBe(1);
      expect(stderr).toContain(`cannot listen on GATEWAY_HOST=127.0.0.1 GATEWAY_PORT=${taken} (EADDRINUSE)`);
    } finally {
      holder.close();
    }
  });

  it("reviews: a DATABASE_URL that is not a PostgreSQL URL", () => {
    const { status, stderr } = start("subgraphs/reviews/src/main.ts", { DATABASE_URL: "mysql://localhost/db" });
    expect(status).toBe(78);
    expect(stderr).toContain("DATABASE_URL: must be a postgres:// or postgresql:// URL");
  });

  it("reviews: the ML service's URL without its secret (feedback could not be scored)", () => {
    const { status, stderr } = start("subgraphs/reviews/src/main.ts", { ML_URL: "http://127.0.0.1:4002/graphql", ML_SECRET: undefined });
    expect(status).toBe(78);
    expect(stderr).toContain("ML_SECRET: ML_URL and ML_SECRET are set together or not at all");
  });

  it("reviews: an idempotency-key retention out of range", () => {
    const { status, stderr } = start("subgraphs/reviews/src/main.ts", { IDEMPOTENCY_KEY_TTL_HOURS: "0" });
    expect(status).toBe(78);
    expect(stderr).toContain("IDEMPOTENCY_KEY_TTL_HOURS");
  });

  it("reviews: a metrics port already taken", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const taken = (holder.address() as { port: number }).port;
    try {
      const { status, stderr } = start("subgraphs/reviews/src/main.ts", { REVIEWS_METRICS_PORT: String(taken), SQLITE_PATH: join(mkdtempSync(join(tmpdir(), "startup-")), "reviews.db") });
      expect(status).toBe(1);
      expect(stderr).toContain(`cannot serve metrics on REVIEWS_METRICS_HOST=127.0.0.1 REVIEWS_METRICS_PORT=${taken} (EADDRINUSE)`);
    } finally {
      holder.close();
    }
  });

  it("ml: a model file that does not exist", () => {
    const { status, stderr } = start("subgraphs/ml/src/main.ts", { MODEL_PATH: "/nonexistent/model.onnx" });
    expect(status).toBe(1);
    expect(stderr).toContain("cannot read the model file MODEL_PATH=/nonexistent/model.onnx");
  });

  it("ml: a model file that does not match its manifest", () => {
    const { status, stderr } = start("subgraphs/ml/src/main.ts", { MODEL_PATH: `${ROOT}/model/artifacts/report.html` });
    expect(status).toBe(1);
    expect(stderr).toContain("does not match its manifest");
  });

  it("ml: a MODEL_DIR that does not exist", () => {
    const { status, stderr } = start("subgraphs/ml/src/main.ts", { MODEL_DIR: "/nonexistent/models" });
    expect(status).toBe(78);
    expect(stderr).toContain("MODEL_DIR=/nonexistent/models cannot be read (ENOENT)");
    expect(stderr).not.toContain("    at ");
  });

  it("ml: a batch size out of range", () => {
    const { status, stderr } = start("subgraphs/ml/src/main.ts", { MAX_BATCH: "0" });
    expect(status).toBe(78);
    expect(stderr).toContain("MAX_BATCH");
  });

  it("gateway: a subgraph URL that is not a URL", () => {
    const { status, stderr } = start("gateway/src/main.ts", { ML_URL: "ml-service" });
    expect(status).toBe(78);
    expect(stderr).toContain("ML_URL");
  });

  it("gateway: a trusted proxy that is not an address or a CIDR range", () => {
    const { status, stderr } = start("gateway/src/main.ts", { TRUSTED_PROXIES: "10.0.0.0/8, 10.0.0.0/33" });
    expect(status).toBe(78);
    expect(stderr).toContain('TRUSTED_PROXIES: "10.0.0.0/33" has a prefix length outside 0-32');
  });

  it("gateway: a trusted proxy with an IPv6 zone id, which names an interface rather than an address", () => {
    const { status, stderr } = start("gateway/src/main.ts", { TRUSTED_PROXIES: "fe80::1%eth0" });
    expect(status).toBe(78);
    expect(stderr).toContain('TRUSTED_PROXIES: "fe80::1%eth0" is not an IP address or a CIDR range');
    expect(stderr).not.toContain("TypeError");
  });

  it("reviews: a drain window that is not a number of milliseconds", () => {
    const { status, stderr } = start("subgraphs/reviews/src/main.ts", { DRAIN_WINDOW_MS: "soon" });
    expect(status).toBe(78);
    expect(stderr).toContain("DRAIN_WINDOW_MS");
  });

  it("reviews and ml: no secret shared with the gateway", () => {
    for (const entry of ["subgraphs/reviews/src/main.ts", "subgraphs/ml/src/main.ts"]) {
      const { status, stderr } = start(entry, { SUBGRAPH_SECRET: undefined });
      expect(status).toBe(78);
      expect(stderr).toContain("SUBGRAPH_SECRET");
    }
  });

  it("gateway: a subgraph secret that is too short to be a secret", () => {
    const { status, stderr } = start("gateway/src/main.ts", { ML_SECRET: "hunter2" });
    expect(status).toBe(78);
    expect(stderr).toContain("ML_SECRET: must be at least 32 characters");
  });

  it("gateway: a JWT public key that is not a PEM key", () => {
    const { status, stderr } = start("gateway/src/main.ts", { JWT_PUBLIC_KEY: "not-a-key" });
    expect(status).toBe(78);
    expect(stderr).toContain("JWT_PUBLIC_KEY");
  });

  it("gateway: a missing supergraph file", () => {
    const { status, stderr } = start("gateway/src/main.ts", { SUPERGRAPH_PATH: "/nonexistent/supergraph.graphql" });
    expect(status).toBe(1);
    expect(stderr).toContain("SUPERGRAPH_PATH=/nonexistent/supergraph.graphql");
  });
});
