import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSubgraphSecrets, listeningReport, ROOT, waitForReady } from "../../scripts/stack.js";
import { freePort } from "../support/free-port.js";
import { graphql } from "../support/graphql-client.js";
import { pollUntil } from "../support/until.js";

const WARNING = "cannot verify a JWT: the JWKS cannot be fetched";

// Authentication is decided before any subgraph is called, so the gateway runs alone.
describe("a gateway whose JWKS refuses connections", () => {
  let gateway: ChildProcess;
  let gatewayUrl: string;
  let jwksPort: number;
  let output = "";

  beforeAll(async () => {
    // A port nobody listens on: every connection to the JWKS is refused.
    jwksPort = await freePort();
    const secrets = generateSubgraphSecrets();
    gateway = spawn(process.execPath, ["--import", "tsx", join(ROOT, "gateway/src/main.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        LOG_LEVEL: "warn",
        GATEWAY_PORT: "0",
        METRICS_PORT: "0",
        REVIEWS_SECRET: secrets.reviews,
        ML_SECRET: secrets.ml,
        API_KEYS_PATH: join(mkdtempSync(join(tmpdir(), "keys-")), "api-keys.json"),
        // The query string stands for a secret some providers put in the URL; it must never be logged.
        JWT_JWKS_URL: `http://127.0.0.1:${jwksPort}/.well-known/jwks.json?key=url-secret`,
      },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    gateway.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    gateway.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    gatewayUrl = `http://127.0.0.1:${(await listeningReport(gateway, "the gateway", 30_000)).port}`;
    await waitForReady(`${gatewayUrl}/readyz`, 30_000, () => gateway.exitCode === null);
  });
  afterAll(() => {
    gateway?.kill("SIGTERM");
  });

  it("answers a JWT with 503 SERVICE_UNAVAILABLE, not bad credentials, and logs the JWKS host without its URL", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const token = await new SignJWT({ role: "reader" }).setProtectedHeader({ alg: "RS256" }).setSubject("user-42").setExpirationTime("5m").sign(privateKey);

    const { status, headers, body } = await graphql(gatewayUrl, "{ __typename }", {}, { authorization: `Bearer ${token}` });
    expect(status).toBe(503);
    expect(headers.get("retry-after")).not.toBeNull();
    expect(body).toEqual({ errors: [{ message: "Cannot verify tokens right now; retry shortly", extensions: { code: "SERVICE_UNAVAILABLE" } }] });

    await pollUntil(() => output.includes(WARNING), "the gateway's warning", 5_000, 50);
    const warning = JSON.parse(output.split("\n").find((line) => line.includes(WARNING)) as string) as Record<string, unknown>;
    expect(warning).toMatchObject({ level: 40, jwksHost: `127.0.0.1:${jwksPort}` });
    expect(output).not.toContain("url-secret");
  });
});
