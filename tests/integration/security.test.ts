import { spawn } from "node:child_process";
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey, revokeKey } from "@sentiment/gateway/api-keys";
import { listeningReport, waitForReady, ROOT, type Stack } from "../../scripts/stack.js";
import { graphql } from "../support/graphql-client.js";
import { startTestStack } from "../support/stack-fixture.js";

const ANALYZE = `{ analyzeReview(text: "A gentle, funny film") { sentiment { label } } }`;
const SUBMIT = `mutation ($t: String!) { submitReview(input: { text: $t }) { id } }`;

describe("security in production mode", () => {
  let stack: Stack;
  let signingKey: CryptoKey;
  let otherKey: CryptoKey;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const jwt = (claims: Record<string, unknown>, key = signingKey, expires: string | number = "5m", subject = "user-42") =>
    new SignJWT(claims).setProtectedHeader({ alg: "RS256" }).setSubject(subject).setIssuedAt().setExpirationTime(expires).sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair("RS256");
    signingKey = pair.privateKey;
    otherKey = (await generateKeyPair("RS256")).privateKey;
    // Ad-hoc documents on purpose: the allow-list of persisted operations is tested in client.test.ts.
    stack = await startTestStack({ NODE_ENV: "production", PERSISTED_OPERATIONS_ONLY: "false", JWT_PUBLIC_KEY: await exportSPKI(pair.publicKey) });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("refuses anonymous callers with UNAUTHENTICATED and 401", async () => {
    const { status, headers, body } = await graphql(stack.gatewayUrl, ANALYZE);
    expect(status).toBe(401);
    expect(headers.get("www-authenticate")).toBe("Bearer");
    expect(body).toEqual({ errors: [{ message: "Missing or invalid credentials", extensions: { code: "UNAUTHENTICATED" } }] });
  });

  it("lets a reader analyse but not submit, a writer submit but not delete, and an admin delete", async () => {
    expect((await graphql(stack.gatewayUrl, ANALYZE, {}, bearer(stack.keys.reader))).body.data?.analyzeReview.sentiment.label).toBe("POSITIVE");
    const denied = await graphql(stack.gatewayUrl, SUBMIT, { t: "Readers cannot write this" }, bearer(stack.keys.reader));
    expect(denied.body.errors?.[0]).toMatchObject({ message: "This operation needs the writer role", extensions: { code: "FORBIDDEN" } });
    const id = (await graphql(stack.gatewayUrl, SUBMIT, { t: "Writers can write this" }, bearer(stack.keys.writer))).body.data?.submitReview.id;
    expect(id).toBeTruthy();
    const del = `mutation ($id: ID!) { deleteReview(id: $id) }`;
    expect((await graphql(stack.gatewayUrl, del, { id }, bearer(stack.keys.writer))).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await graphql(stack.gatewayUrl, del, { id }, bearer(stack.keys.admin))).body.data?.deleteReview).toBe(true);
  });

  it("stops accepting a key within seconds of its revocation", async () => {
    const { key, record } = createKey(stack.keysPath as string, "short-lived", "reader");
    await expect.poll(async () => (await graphql(stack.gatewayUrl, ANALYZE, {}, bearer(key))).status, { timeout: 5_000, interval: 100 }).toBe(200);
    revokeKey(stack.keysPath as string, record.id);
    await expect.poll(async () => (await graphql(stack.gatewayUrl, ANALYZE, {}, bearer(key))).status, { timeout: 5_000, interval: 250 }).toBe(401);
  });

  it("accepts a valid JWT and takes its role claim", async () => {
    const token = await jwt({ role: "writer" });
    const { body } = await graphql(stack.gatewayUrl, SUBMIT, { t: "Written with a token" }, bearer(token));
    expect(body.data?.submitReview.id).toBeTruthy();
  });

  it("accepts a JWT whose subject is outside Latin-1", async () => {
    const token = await jwt({ role: "writer" }, signingKey, "5m", "张伟");
    const { body } = await graphql(stack.gatewayUrl, SUBMIT, { t: "Written by 张伟" }, bearer(token));
    expect(body.errors).toBeUndefined();
    expect(body.data?.submitReview.id).toBeTruthy();
  });

  it("refuses expired, tampered, wrongly signed, unsigned and role-less JWTs alike", async () => {
    const valid = await jwt({ role: "admin" });
    const [header, payload, signature] = valid.split(".") as [string, string, string];
    const forgedPayload = Buffer.from(JSON.stringify({ sub: "user-42", role: "admin", exp: 9_999_999_999 })).toString("base64url");
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${forgedPayload}.`;
    const tokens = [
      await jwt({ role: "admin" }, signingKey, Math.floor(Date.now() / 1000) - 60),
      `${header}.${forgedPayload}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -4)}AAAA`,
      await jwt({ role: "admin" }, otherKey),
      unsigned,
      await jwt({ role: "superuser" }),
      await jwt({}),
    ];
    for (const token of tokens) {
      const { status, body } = await graphql(stack.gatewayUrl, ANALYZE, {}, bearer(token));
      expect(status).toBe(401);
      expect(body.errors?.[0]?.message).toBe("Missing or invalid credentials");
    }
  });

  it("turns introspection off and hides field suggestions", async () => {
    const introspection = await graphql(stack.gatewayUrl, `{ __schema { types { name } } }`, {}, bearer(stack.keys.reader));
    expect(introspection.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const typo = await graphql(stack.gatewayUrl, `{ reviewz { id } }`, {}, bearer(stack.keys.reader));
    expect(typo.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it("answers only the gateway: a subgraph refuses unsigned and forged requests, _service and _entities included", async () => {
    const forged = { "x-caller-subject": "apikey:deadbeef", "x-caller-role": "admin", "x-gateway-expires": String(Date.now() + 10_000), "x-gateway-signature": "AAAA" };
    const attempts: Array<[string, string, Record<string, string>]> = [
      [stack.urls.reviews, `mutation { submitReview(input: { text: "Sneaking past the gateway" }) { id } }`, {}],
      [stack.urls.reviews, `mutation { submitReview(input: { text: "Sneaking past the gateway" }) { id } }`, forged],
      [stack.urls.reviews, `{ _service { sdl } }`, {}],
      [stack.urls.ml, `{ _entities(representations: [{ __typename: "TextAnalysis", text: "hello there" }]) { ... on TextAnalysis { sentiment { label } } } }`, forged],
      [stack.urls.ml, `{ modelInfo { version } }`, {}],
    ];
    for (const [url, query, headers] of attempts) {
      const { status, body } = await graphql(`${url}/graphql`, query, {}, headers);
      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
    }
    const page = await graphql(stack.gatewayUrl, `{ reviews(first: 100) { edges { node { text } } } }`, {}, bearer(stack.keys.reader));
    expect(page.body.data?.reviews.edges.some((e: any) => e.node.text === "Sneaking past the gateway")).toBe(false);
  });

  it("refuses an operation whose list-aware cost is over the limit", async () => {
    const page = `reviews(first: 100) { edges { node { id text sentiment { label score } } } }`;
    const query = `{ a: ${page} b: ${page} c: ${page} d: ${page} }`;
    const { status, body } = await graphql(stack.gatewayUrl, query, {}, bearer(stack.keys.reader));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COSTLY");
  });

  it("counts list sizes given in variables", async () => {
    const texts = Array.from({ length: 100 }, (_, i) => `Review ${i} is fine`);
    const query = `query ($t: [String!]!) { a: analyzeReviews(texts: $t) { sentiment { label score positiveProbability modelVersion } } b: analyzeReviews(texts: $t) { sentiment { label score positiveProbability modelVersion } } c: analyzeReviews(texts: $t) { sentiment { label } } d: analyzeReviews(texts: $t) { sentiment { label } } }`;
    const { body } = await graphql(stack.gatewayUrl, query, { t: texts }, bearer(stack.keys.reader));
    expect(body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COSTLY");
  });

  it("counts variables' default values: a default list of texts and a default page size", async () => {
    const texts = JSON.stringify(Array.from({ length: 100 }, (_, i) => `Review ${i} is fine`));
    const aliases = Array.from({ length: 14 }, (_, i) => `a${i}: analyzeReviews(texts: $t) { sentiment { label } }`).join(" ");
    const listDefault = await graphql(stack.gatewayUrl, `query ($t: [String!]! = ${texts}) { ${aliases} }`, {}, bearer(stack.keys.reader));
    expect(listDefault.status).toBe(400);
    expect(listDefault.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COSTLY");
    const page = `reviews(first: $f) { edges { node { id text sentiment { label score } } } }`;
    const pageDefault = await graphql(stack.gatewayUrl, `query ($f: Int = 100) { a: ${page} b: ${page} c: ${page} d: ${page} }`, {}, bearer(stack.keys.reader));
    expect(pageDefault.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COSTLY");
  });
});

describe("rate limits shared through Redis", () => {
  let stack: Stack;
  let second: ReturnType<typeof spawn> | undefined;
  let secondUrl: string;

  beforeAll(async () => {
    stack = await startTestStack({ REDIS_URL: "redis://127.0.0.1:6379", REDIS_COMMAND_TIMEOUT_MS: "5000", RATE_LIMIT_PER_CALLER: "6", RATE_LIMIT_WINDOW_SECONDS: "30" });
    second = spawn(process.execPath, ["--import", "tsx", "gateway/src/main.ts"], { cwd: ROOT, env: { ...stack.env, GATEWAY_PORT: "0", METRICS_PORT: "0" }, stdio: ["ignore", "ignore", "ignore", "ipc"] });
    const { port } = await listeningReport(second, "the second gateway", 30_000);
    secondUrl = `http://127.0.0.1:${port}`;
    await waitForReady(`${secondUrl}/readyz`, 30_000);
  });
  afterAll(async () => {
    second?.kill("SIGTERM");
    await stack?.stop();
  });

  it("counts one caller's requests across two gateway instances and answers RATE_LIMITED with Retry-After", async () => {
    // A key both instances read at start-up, used by nobody before this test: its count starts at 0.
    const key = stack.keys.reader;
    const urls = [stack.gatewayUrl, `${secondUrl}/graphql`];
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof graphql>> | undefined;
    for (let i = 0; i < 8; i += 1) {
      last = await graphql(urls[i % 2] as string, ANALYZE, {}, { authorization: `Bearer ${key}` });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses.slice(6)).toEqual([429, 429]);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(last?.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
  });
});
