// More than two hundred hostile or broken requests through the real gateway. Each must get
// its clear error (never a 5xx), nothing invalid may be stored, and memory must stay flat.
import { readFileSync } from "node:fs";
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey, revokeKey } from "@sentiment/gateway/api-keys";
import type { Stack } from "../../scripts/stack.js";
import { startTestStack } from "../support/stack-fixture.js";

interface Outcome {
  status: number;
  body: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}
interface Case {
  name: string;
  send: () => Promise<Outcome>;
  /** the error code expected, or "ok" for a request that must succeed */
  expect: string;
  status?: number;
}

let stack: Stack;
let adminKey: string;
const revoked: string[] = [];
const jwts: Record<string, string> = {};

async function raw(url: string, init: RequestInit): Promise<Outcome> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: Outcome["body"];
  try {
    body = JSON.parse(text) as Outcome["body"];
  } catch {
    body = { errors: [{ message: text.slice(0, 200), extensions: { code: `NON_JSON_${response.status}` } }] };
  }
  return { status: response.status, body };
}

const post = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}, url = () => stack.gatewayUrl) => () =>
  raw(url(), { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${adminKey}`, ...headers }, body: JSON.stringify({ query, variables }) });
const postBody = (body: string | Uint8Array, contentType?: string) => () =>
  raw(stack.gatewayUrl, { method: "POST", headers: { authorization: `Bearer ${adminKey}`, ...(contentType ? { "content-type": contentType } : {}) }, body });

const ANALYZE = `query ($t: String!) { analyzeReview(text: $t) { text sentiment { label score } } }`;
const SUBMIT = `mutation ($t: String!) { submitReview(input: { text: $t }) { id } }`;
const COUNT = `{ reviews(first: 100) { edges { node { id text } } } }`;

const SHORT = ["", " ", "\t", "\n", "   \n\t ", "a", "ab", "abc", " ab ", "😀", "😀😀😀", "\u00a0\u00a0\u00a0", "é!", "no", "\u200b\u200b\u200b\u200b", "\u202e\u202d\u202c\u200f\u200e", "ab\u200d\u200d", "\u2800\u2800\u2800\u2800", "\u0301\u0301\u0301\u0301", "\u0300\u0301\u0302\u0303"];
const NUMBERS = [
  "1234", "-1234", "+1234", "12.34", "1e10", "-1.5e-7", "1,000", "1 000", "1_000", "0000", "3.14159", "99999999999999999999",
  ".5e3", "  42424  ", "1'000'000", "+.55", "-0.00", "1e+10", "10,000.50", "123,456,789", "123458303", "-123458303", "00012",
  "7.0e5", "1.000.000", "9 999 999", "+1e-10", "31415926535", "1E10", "12.",
  "１２３４５", "٣٤٥٦", "१२३४", "1\u00a0234", "1\u202f234", "1234\u200b", "\u2066\u20661234\u2069",
  "ⅫⅫⅫⅫ", "½½½½", "①②③④", "3 ½ ¾ ⅞",
];
const CONTROL = [...Array.from({ length: 32 }, (_, c) => c).filter((c) => c !== 9 && c !== 10), 127, 0x80, 0x85, 0x8d, 0x9b, 0x9f].map((c) => `good${String.fromCharCode(c)}movie`);
const SURROGATES = ["\ud800 good movie", "good movie \udfff", "\udc00\ud800 a film", "fine \ud83d film"];
const SQL = [
  "'; DROP TABLE reviews; --", "1' OR '1'='1", "\" OR 1=1 --", "admin'--", "'); DELETE FROM reviews WHERE ('1'='1",
  "1; SELECT pg_sleep(5)", "' UNION SELECT id, text, created_at FROM reviews --", "%' AND 1=0 UNION ALL SELECT NULL--",
  "Robert'); DROP TABLE Students;--", "\\'; TRUNCATE reviews; --",
];

function corpus(): Case[] {
  const cases: Case[] = [];
  for (const t of SHORT) cases.push({ name: `short ${JSON.stringify(t)}`, send: post(ANALYZE, { t }), expect: "BAD_USER_INPUT" });
  for (const t of NUMBERS) cases.push({ name: `number ${JSON.stringify(t)}`, send: post(ANALYZE, { t }), expect: "BAD_USER_INPUT" });
  for (const t of CONTROL) cases.push({ name: `control ${JSON.stringify(t)}`, send: post(ANALYZE, { t }), expect: "BAD_USER_INPUT" });
  for (const t of CONTROL) cases.push({ name: `submit control ${JSON.stringify(t)}`, send: post(SUBMIT, { t }), expect: "BAD_USER_INPUT" });
  for (const t of [...SHORT.slice(0, 6), ...SHORT.slice(-3), ...NUMBERS.slice(0, 12), ...NUMBERS.slice(-4)]) cases.push({ name: `submit ${JSON.stringify(t)}`, send: post(SUBMIT, { t }), expect: "BAD_USER_INPUT" });
  for (const t of SURROGATES) {
    cases.push({ name: `surrogate ${JSON.stringify(t)}`, send: post(ANALYZE, { t }), expect: "BAD_USER_INPUT" });
    cases.push({ name: `submit surrogate ${JSON.stringify(t)}`, send: post(SUBMIT, { t }), expect: "BAD_USER_INPUT" });
  }
  cases.push({ name: "5001 characters", send: post(ANALYZE, { t: "a".repeat(5001) }), expect: "BAD_USER_INPUT" });
  cases.push({ name: "submit 5005 characters", send: post(SUBMIT, { t: "good ".repeat(1001) }), expect: "BAD_USER_INPUT" });
  cases.push({ name: "6000 emoji", send: post(ANALYZE, { t: "😀".repeat(6000) }), expect: "BAD_USER_INPUT" });
  cases.push({ name: "2000 emoji are a valid text", send: post(ANALYZE, { t: "😀".repeat(2000) }), expect: "ok" });
  // Over the largest legal request (100 texts of 5,000 four-byte characters, about 2 MB).
  cases.push({ name: "3 MB text", send: post(ANALYZE, { t: "x".repeat(3_145_728) }), expect: "PAYLOAD_TOO_LARGE", status: 413 });
  cases.push({ name: "submit 3 MB text", send: post(SUBMIT, { t: "good ".repeat(630_000) }), expect: "PAYLOAD_TOO_LARGE", status: 413 });
  for (const [i, texts] of [["fine film", "42"], ["", "fine film"], ["fine film", "x".repeat(5001)], ["fine film", "bad\u0000film"], ["fine film", "\u2800\u2800\u2800\u2800"], ["fine film", "\u0301\u0301\u0301\u0301"], ["fine film", "ⅫⅫⅫⅫ"], ["fine film", "½½½½"], Array.from({ length: 101 }, () => "fine film")].entries()) {
    cases.push({ name: `batch with a bad text #${i}`, send: post(`query ($t: [String!]!) { analyzeReviews(texts: $t) { text } }`, { t: texts }), expect: "BAD_USER_INPUT" });
  }
  cases.push({ name: "empty batch", send: post(`query ($t: [String!]!) { analyzeReviews(texts: $t) { text } }`, { t: [] }), expect: "BAD_USER_INPUT" });
  cases.push({ name: "10,000-element list", send: post(`query ($t: [String!]!) { analyzeReviews(texts: $t) { text sentiment { label } } }`, { t: Array.from({ length: 10_000 }, () => "fine") }), expect: "QUERY_TOO_COSTLY", status: 400 });
  for (const t of SQL) {
    cases.push({ name: `SQL as id ${t}`, send: post(`query ($id: ID!) { review(id: $id) { id } }`, { id: t }), expect: "ok" });
    cases.push({ name: `SQL as text ${t}`, send: post(ANALYZE, { t }), expect: "ok" });
    cases.push({ name: `SQL as cursor ${t}`, send: post(`query ($a: String) { reviews(first: 2, after: $a) { edges { cursor } } }`, { a: t }), expect: "BAD_USER_INPUT" });
  }
  for (const first of [0, -1, 101, 2147483647]) cases.push({ name: `page size ${first}`, send: post(`query ($f: Int) { reviews(first: $f) { edges { cursor } } }`, { f: first }), expect: first > 1000 ? "QUERY_TOO_COSTLY" : "BAD_USER_INPUT" });
  cases.push({ name: "page size over Int", send: post(`{ reviews(first: 99999999999) { edges { cursor } } }`), expect: "GRAPHQL_VALIDATION_FAILED" });
  const malformed = ["{", "{\"query\":", "[]", "null", "\"a string\"", "{\"query\": 42}", "{\"query\": \"{\"}", "{\"query\": null}", "{\"variables\": {}}", "\u0000\u0001\u0002", "{\"query\": \"{ __typename }\", \"variables\": 7}", "{\"query\": \"{ __typename }\", \"extensions\": \"x\"}"];
  for (const body of malformed) {
    // A body that is JSON with a broken GraphQL document inside is a GraphQL error; anything else a request error.
    const graphqlError = body === "{\"query\": \"{\"}";
    cases.push({ name: `malformed body ${JSON.stringify(body)}`, send: postBody(body, "application/json"), expect: graphqlError ? "GRAPHQL_PARSE_FAILED" : "BAD_REQUEST", status: 400 });
  }
  cases.push({ name: "binary garbage", send: postBody(Uint8Array.from([0xff, 0xfe, 0x00, 0x81, 0x7b]), "application/json"), expect: "BAD_REQUEST", status: 400 });
  for (const type of ["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", undefined]) {
    cases.push({ name: `content type ${type}`, send: postBody(JSON.stringify({ query: SUBMIT, variables: { t: "CSRF attempt text" } }), type), expect: "BAD_REQUEST", status: 400 });
  }
  cases.push({ name: "mutation over GET", send: () => raw(`${stack.gatewayUrl}?query=${encodeURIComponent('mutation { submitReview(input: { text: "over GET" }) { id } }')}`, { headers: { authorization: `Bearer ${adminKey}`, "apollo-require-preflight": "1" } }), expect: "BAD_REQUEST", status: 405 });
  cases.push({ name: "GET without a query", send: () => raw(`${stack.gatewayUrl}?foo=1`, { headers: { authorization: `Bearer ${adminKey}`, "apollo-require-preflight": "1" } }), expect: "BAD_REQUEST", status: 400 });
  cases.push({ name: "HTTP batch", send: postBody(JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]), "application/json"), expect: "BAD_REQUEST", status: 400 });
  cases.push({ name: "unknown field", send: post(`{ reviewz { id } }`), expect: "GRAPHQL_VALIDATION_FAILED", status: 400 });
  cases.push({ name: "deep query", send: post(`{ ${"a: reviews { edges { node { id } } } ".repeat(1)} }`.replace("id", `id ${"... on Review { ".repeat(14)}id${" }".repeat(14)}`)), expect: "GRAPHQL_VALIDATION_FAILED", status: 400 });
  cases.push({ name: "alias bomb of __typename, past the token limit", send: post(`{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(" ")} }`), expect: "GRAPHQL_PARSE_FAILED", status: 400 });
  cases.push({ name: "alias bomb of analyses", send: post(`{ ${Array.from({ length: 40 }, (_, i) => `a${i}: analyzeReview(text: "pretty good ${i}") { sentiment { label } }`).join(" ")} }`), expect: "GRAPHQL_VALIDATION_FAILED", status: 400 });
  cases.push({ name: "fragment cycle", send: post(`fragment A on Query { ...B } fragment B on Query { ...A } { ...A }`), expect: "GRAPHQL_VALIDATION_FAILED", status: 400 });
  cases.push({ name: "directive flood", send: post(`{ __typename ${"@include(if: true) ".repeat(200)} }`), expect: "GRAPHQL_VALIDATION_FAILED", status: 400 });
  cases.push({ name: "token flood", send: post(`{ ${"__typename ".repeat(5000)} }`), expect: "GRAPHQL_PARSE_FAILED", status: 400 });
  // The token limit parses documents itself, so syntax errors surface as validation failures.
  cases.push({ name: "parse error", send: post(`{ reviews(first: ) }`), expect: "GRAPHQL_PARSE_FAILED", status: 400 });
  cases.push({ name: "wrong variable type", send: post(ANALYZE, { t: 42 }), expect: "BAD_USER_INPUT", status: 400 });
  cases.push({ name: "null for a required variable", send: post(ANALYZE, { t: null }), expect: "BAD_USER_INPUT", status: 400 });
  cases.push({ name: "object for a string", send: post(ANALYZE, { t: { $gt: "" } }), expect: "BAD_USER_INPUT", status: 400 });
  const forged = { "x-caller-subject": "apikey:deadbeef", "x-caller-role": "admin", "x-gateway-expires": String(Date.now() + 10_000), "x-gateway-signature": "AAAA" };
  const direct = (service: "reviews" | "ml", query: string, headers: Record<string, string>) => post(query, {}, headers, () => `${stack.urls[service]}/graphql`);
  cases.push({ name: "forged identity to reviews", send: direct("reviews", `mutation { submitReview(input: { text: "forged write here" }) { id } }`, forged), expect: "UNAUTHENTICATED", status: 401 });
  cases.push({ name: "no signature to reviews", send: direct("reviews", `mutation { deleteReview(id: "x") }`, {}), expect: "UNAUTHENTICATED", status: 401 });
  cases.push({ name: "forged identity to ml", send: direct("ml", `{ modelInfo { version } }`, forged), expect: "UNAUTHENTICATED", status: 401 });
  cases.push({ name: "_service on ml", send: direct("ml", `{ _service { sdl } }`, {}), expect: "UNAUTHENTICATED", status: 401 });
  cases.push({ name: "_entities on reviews", send: direct("reviews", `{ _entities(representations: [{ __typename: "Review", id: "x" }]) { __typename } }`, forged), expect: "UNAUTHENTICATED", status: 401 });
  cases.push({ name: "expired signature to reviews", send: direct("reviews", `{ review(id: "x") { id } }`, { ...forged, "x-gateway-expires": "1" }), expect: "UNAUTHENTICATED", status: 401 });
  const withAuth = (authorization: string) => () => raw(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify({ query: SUBMIT, variables: { t: "written with bad credentials" } }) });
  for (const [i, authorization] of ["Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Bearer sgk_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", `Bearer ${"x".repeat(5000)}`, "bearer sgk_x", `Bearer ${adminKey}x`, "Bearer a.b.c"].entries()) {
    cases.push({ name: `bad credentials #${i}`, send: withAuth(authorization), expect: "UNAUTHENTICATED", status: 401 });
  }
  for (const [i, scheme] of ["bearer", "BEARER", "Bearer  "].entries()) {
    // A read the admin key alone may make: the corpus stores nothing.
    const read = () => raw(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", authorization: `${scheme} ${adminKey}` }, body: JSON.stringify({ query: `{ feedback(first: 1) { summary { count } } }` }) });
    cases.push({ name: `the scheme in another case or spacing #${i}`, send: read, expect: "ok" });
  }
  for (const version of ["lr\u0000nc", "lr\nnc", "v".repeat(129)]) {
    cases.push({ name: `feedback filtered by a model version ${JSON.stringify(version.slice(0, 12))}`, send: post(`query ($v: String) { feedback(first: 1, modelVersion: $v) { summary { count } } }`, { v: version }), expect: "BAD_USER_INPUT" });
  }
  cases.push({ name: "revoked reader key", send: () => withAuth(`Bearer ${revoked[0]}`)(), expect: "UNAUTHENTICATED", status: 401 });
  cases.push({ name: "revoked admin key", send: () => withAuth(`Bearer ${revoked[1]}`)(), expect: "UNAUTHENTICATED", status: 401 });
  for (const kind of ["expired", "tampered", "foreign", "none"]) cases.push({ name: `${kind} JWT`, send: () => withAuth(`Bearer ${jwts[kind]}`)(), expect: "UNAUTHENTICATED", status: 401 });
  return cases;
}

function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

describe("the bad-input corpus through the real gateway", () => {
  beforeAll(async () => {
    const pair = await generateKeyPair("RS256");
    const foreign = await generateKeyPair("RS256");
    stack = await startTestStack({ JWT_PUBLIC_KEY: await exportSPKI(pair.publicKey), RATE_LIMIT_PER_CALLER: "1000000", RATE_LIMIT_PER_ADDRESS: "1000000", RATE_LIMIT_AUTH_FAILURES: "1000000" });
    adminKey = stack.keys.admin;
    for (const role of ["reader", "admin"] as const) {
      const { key, record } = createKey(stack.keysPath as string, `revoked-${role}`, role);
      revokeKey(stack.keysPath as string, record.id);
      revoked.push(key);
    }
    const sign = (key: CryptoKey, exp: number | string) => new SignJWT({ role: "admin" }).setProtectedHeader({ alg: "RS256" }).setSubject("u").setExpirationTime(exp).sign(key);
    jwts.expired = await sign(pair.privateKey, Math.floor(Date.now() / 1000) - 10);
    const good = (await sign(pair.privateKey, "5m")).split(".");
    jwts.tampered = `${good[0]}.${Buffer.from(JSON.stringify({ sub: "u", role: "admin", exp: 9_999_999_999 })).toString("base64url")}.${good[2]}`;
    jwts.foreign = await sign(foreign.privateKey, "5m");
    jwts.none = `${Buffer.from("{\"alg\":\"none\"}").toString("base64url")}.${good[1]}.`;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("has at least 200 cases", () => {
    expect(corpus().length).toBeGreaterThanOrEqual(200);
  });

  it("answers every case with its clear error, no 5xx, stores nothing invalid, and keeps memory flat", async () => {
    const countReviews = async () => ((await post(COUNT)()).body.data?.reviews.edges.length as number) ?? -1;
    const before = await countReviews();
    const failures: string[] = [];
    const rss: number[] = [];
    for (let pass = 0; pass < 3; pass += 1) {
      for (const c of corpus()) {
        const { status, body } = await c.send();
        const code = body.errors?.[0]?.extensions?.code;
        const ok = status < 500 && (c.expect === "ok" ? status === 200 && !body.errors : code === c.expect) && (c.status === undefined || status === c.status);
        if (!ok && pass === 0) failures.push(`${c.name}: status ${status}, code ${code ?? "none"}, expected ${c.expect}${c.status ? ` / ${c.status}` : ""}`);
      }
      rss.push(rssMb(stack.services.get("gateway")?.process.pid));
    }
    expect(failures).toEqual([]);
    expect(await countReviews()).toBe(before);
    for (const service of stack.services.values()) expect(service.process.exitCode, `${service.name} still running`).toBeNull();
    // Flat: the third pass adds less than 40 MB over the second (warm-up and JIT settle in the first).
    expect((rss[2] as number) - (rss[1] as number)).toBeLessThan(40);
  });
});
