// Failed authentications through the real gateway, with the limits in memory and shared through
// Redis: counted per presented credential and per client address, never for requests without
// credentials, and never in the way of valid credentials. The gateway trusts 127.0.0.1 (the
// test's own address) as a proxy, so each test is a client, or a NAT, at an address of its own
// in X-Forwarded-For; addresses are random so that runs sharing one Redis count apart.
import { randomInt } from "node:crypto";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metricSum } from "../../scripts/prometheus-text.js";
import type { Stack } from "../../scripts/stack.js";
import { startTestStack } from "../support/stack-fixture.js";
import { pollUntil } from "../support/until.js";

const ANALYZE = JSON.stringify({ query: `{ analyzeReview(text: "A gentle, funny film") { sentiment { label } } }` });
const PER_ADDRESS = 5;
const PER_CREDENTIAL = 3;
const REQUESTS_PER_ADDRESS = 20;

const randomAddress = () => `198.18.${randomInt(256)}.${randomInt(1, 255)}`;
const badKey = () => `sgk_00000000_${Buffer.from(Array.from({ length: 32 }, () => randomInt(256))).toString("base64url").slice(0, 43)}`;

interface Answer {
  status: number;
  code?: string;
  message?: string;
  /** extensions.limit of a 429 */
  limit?: string;
}

interface SendOptions {
  address?: string;
  key?: string;
  method?: string;
  from?: string;
  signal?: AbortSignal;
  forwardedFor?: string;
  body?: string;
  /** how the Authorization header spells its scheme (default "Bearer") */
  scheme?: string;
}

/** One request to the gateway's /graphql as `address` (through the trusted proxy), or straight
 *  from the local address `from` (not a trusted proxy). */
async function sendTo(url: string, agents: Agent[], options: SendOptions): Promise<Answer> {
  const agent = options.from ? new Agent({ localAddress: options.from }) : undefined;
  if (agent) agents.push(agent);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.key) headers.authorization = `${options.scheme ?? "Bearer"} ${options.key}`;
  const forwardedFor = options.forwardedFor ?? options.address;
  if (forwardedFor) headers["x-forwarded-for"] = forwardedFor;
  const method = options.method ?? "POST";
  const response = await request(url, { method: method as "POST", headers, body: method === "POST" ? (options.body ?? ANALYZE) : undefined, signal: options.signal, ...(agent ? { dispatcher: agent } : {}) });
  const text = await response.body.text();
  const error = text ? (JSON.parse(text) as { errors?: Array<{ message: string; extensions?: { code?: string; limit?: string } }> }).errors?.[0] : undefined;
  return { status: response.statusCode, code: error?.extensions?.code, message: error?.message, limit: error?.extensions?.limit };
}

describe.each([
  ["in memory", {}],
  // A Redis answer slower than the production default (50 ms) sends counting to this instance's
  // memory, which would split one address's count in two on a busy machine: these tests are
  // about what is counted, not about the fallback (redis-outage.test.ts is).
  ["shared through Redis", { REDIS_URL: "redis://127.0.0.1:6379", REDIS_COMMAND_TIMEOUT_MS: "5000" }],
])("failed authentications, limits %s", (_store, storeEnv) => {
  let stack: Stack;
  const agents: Agent[] = [];

  const send = (options: SendOptions) => sendTo(stack.gatewayUrl, agents, options);
  const metrics = async () => await (await fetch(stack.metricsUrl)).text();

  beforeAll(async () => {
    stack = await startTestStack({
      NODE_ENV: "production",
      PERSISTED_OPERATIONS_ONLY: "false",
      TRUSTED_PROXIES: "127.0.0.1/32",
      RATE_LIMIT_AUTH_FAILURES: String(PER_ADDRESS),
      RATE_LIMIT_AUTH_FAILURES_PER_CREDENTIAL: String(PER_CREDENTIAL),
      // Long enough that a held answer stays held until the test has seen what it needs.
      AUTH_FAILURE_DELAY_MS: "60000",
      ...storeEnv,
    });
  });
  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.close()));
    await stack?.stop();
  });

  it("behind one NAT address, a user guessing keys is slowed down while the others' valid keys are answered at once", async () => {
    const nat = randomAddress();
    for (let i = 0; i < PER_ADDRESS; i += 1) expect(await send({ address: nat, key: badKey() })).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    // Past the allowance, the guesser's next failure is held back...
    const heldBefore = metricSum(await metrics(), "auth_failures_held");
    const abort = new AbortController();
    let guessAnswered = false;
    const guess = send({ address: nat, key: badKey(), signal: abort.signal }).then(
      () => (guessAnswered = true),
      () => undefined,
    );
    await pollUntil(async () => metricSum(await metrics(), "auth_failures_held") > heldBefore, "the failure to be held back", 10_000, 50);
    // ...while every valid key from the same address is served at once.
    expect(await send({ address: nat, key: stack.keys.reader })).toEqual({ status: 200 });
    expect(await send({ address: nat, key: stack.keys.admin })).toEqual({ status: 200 });
    expect(guessAnswered).toBe(false);
    abort.abort();
    await guess;
  });

  it("answers a failure at once, with 429, when its address already has as many answers held as it may", async () => {
    const guesser = randomAddress();
    for (let i = 0; i < PER_ADDRESS; i += 1) await send({ address: guesser, key: badKey() });
    const before = metricSum(await metrics(), "auth_failures_held");
    const abort = new AbortController();
    // 16: HELD_PER_ADDRESS (gateway/src/limits/failure-delay.ts), as docs/security.md states it.
    const held = Array.from({ length: 16 }, () => send({ address: guesser, key: badKey(), signal: abort.signal }).catch(() => undefined));
    await pollUntil(async () => metricSum(await metrics(), "auth_failures_held") >= before + 16, "16 failures to be held", 10_000, 50);
    const refused = await send({ address: guesser, key: badKey() });
    expect(refused).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    expect(refused.message).toMatch(/^Too many failed authentications from this address; check the key or token, and retry in \d+ s$/);
    expect(metricSum(await metrics(), "auth_failures_delayed_total", { outcome: "not_delayed" })).toBeGreaterThanOrEqual(1);
    abort.abort();
    await Promise.all(held);
  });

  it("answers a credential that keeps failing with 429, and no other credential of the address", async () => {
    const address = randomAddress();
    const key = badKey();
    const answers: Answer[] = [];
    for (let i = 0; i <= PER_CREDENTIAL; i += 1) answers.push(await send({ address, key }));
    expect(answers.map((a) => a.status)).toEqual([...Array(PER_CREDENTIAL).fill(401), 429]);
    expect(answers.at(-1)?.message).toMatch(/^These credentials have failed too often; check the key or token, and retry in \d+ s$/);
    expect(answers.at(-1)?.limit).toBe("credential_failures");
    expect(await send({ address, key: badKey() })).toMatchObject({ status: 401 });
    expect(await send({ address, key: stack.keys.reader })).toEqual({ status: 200 });
    expect(metricSum(await metrics(), "rate_limit_refusals_total", { limit: "credential_failures" })).toBeGreaterThanOrEqual(1);
  });

  it("counts one key as one credential however its scheme is spelled", async () => {
    const address = randomAddress();
    const key = badKey();
    const spellings = ["Bearer", "bearer", "BEARER", "Bearer ", "bEaReR  "];
    const answers: Answer[] = [];
    for (let i = 0; i <= PER_CREDENTIAL; i += 1) answers.push(await send({ address, key, scheme: spellings[i % spellings.length] }));
    expect(answers.map((a) => a.status)).toEqual([...Array(PER_CREDENTIAL).fill(401), 429]);
  });

  it("never counts requests without credentials: CORS preflights and anonymous requests lock nobody out", async () => {
    const address = randomAddress();
    // Anonymous callers are refused in production; neither kind of request presents credentials.
    for (let i = 0; i < 40; i += 1) {
      expect((await send({ address, method: "OPTIONS" })).status).toBe(204);
      expect((await send({ address })).status).toBe(401);
    }
    // The address's whole allowance of failures is still there: none of these is held or refused.
    const held = metricSum(await metrics(), "auth_failures_held");
    for (let i = 0; i < PER_ADDRESS; i += 1) expect(await send({ address, key: badKey() })).toMatchObject({ status: 401 });
    expect(metricSum(await metrics(), "auth_failures_held")).toBe(held);
    expect(await send({ address, key: stack.keys.reader })).toEqual({ status: 200 });
    expect(metricSum(await metrics(), "auth_failures_total", { reason: "missing" })).toBeGreaterThanOrEqual(40);
  });
});

// The request limits: a caller with valid credentials has its own budget and only that one; the
// per-address budget is for requests without credentials, here anonymous reads (allowed).
describe.each([
  ["in memory", {}],
  // A Redis answer slower than the production default (50 ms) sends counting to this instance's
  // memory, which would split one address's count in two on a busy machine: these tests are
  // about what is counted, not about the fallback (redis-outage.test.ts is).
  ["shared through Redis", { REDIS_URL: "redis://127.0.0.1:6379", REDIS_COMMAND_TIMEOUT_MS: "5000" }],
])("request limits, limits %s", (_store, storeEnv) => {
  const TYPENAME = JSON.stringify({ query: "{ __typename }" });
  let stack: Stack;
  const agents: Agent[] = [];
  const send = (options: SendOptions) => sendTo(stack.gatewayUrl, agents, { body: TYPENAME, ...options });
  const metrics = async () => await (await fetch(stack.metricsUrl)).text();

  beforeAll(async () => {
    stack = await startTestStack({
      NODE_ENV: "production",
      PERSISTED_OPERATIONS_ONLY: "false",
      ALLOW_ANONYMOUS: "true",
      TRUSTED_PROXIES: "127.0.0.1/32",
      RATE_LIMIT_PER_ADDRESS: String(REQUESTS_PER_ADDRESS),
      ...storeEnv,
    });
  });
  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.close()));
    await stack?.stop();
  });

  it("serves valid keys from an address whose anonymous requests have used up its budget", async () => {
    const address = randomAddress();
    const statuses: number[] = [];
    for (let i = 0; i <= REQUESTS_PER_ADDRESS; i += 1) statuses.push((await send({ address })).status);
    expect(statuses).toEqual([...Array(REQUESTS_PER_ADDRESS).fill(200), 429]);
    expect(await send({ address })).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    expect(await send({ address, key: stack.keys.admin })).toEqual({ status: 200 });
    expect(await send({ address, key: stack.keys.reader })).toEqual({ status: 200 });
  });

  it("counts keyed requests against their caller only: more of them than the address's budget go through", async () => {
    const address = randomAddress();
    for (let i = 0; i <= REQUESTS_PER_ADDRESS; i += 1) expect(await send({ address, key: stack.keys.writer })).toEqual({ status: 200 });
    expect((await send({ address })).status).toBe(200);
  });

  it("answers CORS preflights without admission: they use up no address's budget", async () => {
    const address = randomAddress();
    for (let i = 0; i <= REQUESTS_PER_ADDRESS; i += 1) expect((await send({ address, method: "OPTIONS" })).status).toBe(204);
    expect((await send({ address })).status).toBe(200);
  });

  it("counts each client behind a trusted proxy under the address the proxy recorded", async () => {
    const [busy, other] = [randomAddress(), randomAddress()];
    // The client's own claim to the left of what the proxy recorded is not believed.
    const statuses: number[] = [];
    for (let i = 0; i <= REQUESTS_PER_ADDRESS; i += 1) statuses.push((await send({ forwardedFor: `${randomAddress()}, ${busy}` })).status);
    expect(statuses).toEqual([...Array(REQUESTS_PER_ADDRESS).fill(200), 429]);
    expect(await send({ address: other })).toEqual({ status: 200 });
    expect(metricSum(await metrics(), "rate_limit_refusals_total", { limit: "address" })).toBeGreaterThanOrEqual(1);
  });

  it("takes the socket's address, whatever X-Forwarded-For says, from a peer that is not a trusted proxy", async () => {
    // Any 127.0.0.0/8 address reaches the gateway on 127.0.0.1; only 127.0.0.1 is trusted.
    const from = `127.${randomInt(1, 255)}.${randomInt(256)}.${randomInt(1, 255)}`;
    const statuses: number[] = [];
    for (let i = 0; i <= REQUESTS_PER_ADDRESS; i += 1) statuses.push((await send({ from, forwardedFor: randomAddress() })).status);
    expect(statuses).toEqual([...Array(REQUESTS_PER_ADDRESS).fill(200), 429]);
  });

  it("treats a client-written hop with an IPv6 zone id as junk: no error, the request counts under the nearest trusted hop", async () => {
    const address = randomAddress();
    // The zone-id hop is the client's own claim, left of what the proxy recorded.
    for (let i = 0; i < REQUESTS_PER_ADDRESS; i += 1) expect(await send({ forwardedFor: `fe80::1%eth0, ${address}` })).toEqual({ status: 200 });
    expect(await send({ address })).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    // Nearest, where a trusted proxy would have written the client: the proxy's own budget.
    expect(await send({ forwardedFor: `${address}, fe80::1%25eth0` })).toEqual({ status: 200 });
  });
});
