// The reviews service against PostgreSQL that drops its connections (pg_terminate_backend on
// this suite's own connections) and goes away for a while (a TCP proxy in between is cut and
// restored): it keeps running, answers SERVICE_UNAVAILABLE and is not ready meanwhile, and
// recovers by itself.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../../scripts/stack.js";
import { graphql } from "../support/graphql-client.js";
import { TEST_DATABASE_URL, freshSchemaUrl } from "../support/postgres.js";
import { startTestStack } from "../support/stack-fixture.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { pollUntil, type Condition } from "../support/until.js";

const SUBMIT = `mutation ($t: String!) { submitReview(input: { text: $t }) { id } }`;
const PAGE = `{ reviews(first: 5) { edges { node { id text } } } }`;

const until = (condition: Condition, what: string, timeoutMs = 15_000) => pollUntil(condition, what, timeoutMs, 100);

describe("reviews on PostgreSQL through connection loss and an outage", () => {
  const applicationName = `reviews_outage_${process.pid}`;
  let stack: Stack;
  let proxy: TcpProxy;
  let drop: () => Promise<void>;
  const api = (query: string, variables: Record<string, unknown> = {}) => graphql(stack.gatewayUrl, query, variables, { authorization: `Bearer ${stack.keys.admin}` });
  const reviewsAlive = () => stack.services.get("reviews")?.process.exitCode === null && stack.services.get("reviews")?.process.signalCode === null;
  const status = async (url: string) => (await fetch(url)).status;

  beforeAll(async () => {
    const schema = await freshSchemaUrl("outage");
    drop = schema.drop;
    const direct = new URL(TEST_DATABASE_URL);
    proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) });
    const url = new URL(schema.url);
    url.host = `127.0.0.1:${proxy.port}`;
    url.searchParams.set("application_name", applicationName);
    stack = await startTestStack({ DATABASE_URL: url.toString(), LOG_LEVEL: "info" });
  });
  afterAll(async () => {
    await stack?.stop();
    await proxy?.cut();
    await drop?.();
  });

  it("survives pg_terminate_backend of all its connections and serves on", async () => {
    const before = await api(SUBMIT, { t: "Written before the connections were dropped" });
    expect(before.body.errors).toBeUndefined();
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const { rows } = await admin.query("SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1", [applicationName]);
    await admin.end();
    expect(rows.length).toBeGreaterThan(0);

    const codes: unknown[] = [];
    await until(async () => {
      const { body } = await api(PAGE);
      if (body.errors) codes.push(body.errors[0]?.extensions?.code);
      return body.data?.reviews.edges.some((e: { node: { text: string } }) => e.node.text.startsWith("Written before")) ?? false;
    }, "a read to succeed");
    // A request caught by the drop may fail, but only as unavailable, never as an internal error.
    expect(codes.filter((c) => c !== "SERVICE_UNAVAILABLE")).toEqual([]);
    expect(reviewsAlive()).toBe(true);
    // The loss is logged with PostgreSQL's code for a terminated backend (57P01): by the pool when
    // it hits an idle connection, or by the request that was first handed a terminated one.
    const lossLines = (stack.services.get("reviews")?.output.join("") ?? "").split("\n").filter((line) => line.includes('"code":"57P01"'));
    expect(lossLines.some((line) => /lost an idle database connection|database unreachable/.test(line)), lossLines.join("\n")).toBe(true);
  });

  it("answers SERVICE_UNAVAILABLE while the database is gone, is not ready, and recovers by itself", async () => {
    await proxy.cut();
    const read = await api(PAGE);
    expect(read.status).toBe(200);
    expect(read.body.errors?.[0]).toMatchObject({ extensions: { code: "SERVICE_UNAVAILABLE", service: "reviews" } });
    expect(JSON.stringify(read.body)).not.toMatch(/ECONN|127\.0\.0\.1|postgres/i);
    const write = await api(SUBMIT, { t: "Written while the database is gone" });
    expect(write.body.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    expect(await status(`${stack.urls.reviews}/readyz`)).toBe(503);
    expect(await status(`${stack.urls.gateway}/readyz`)).toBe(200);
    expect(reviewsAlive()).toBe(true);

    await proxy.restore();
    await until(async () => (await status(`${stack.urls.reviews}/readyz`)) === 200, "reviews to be ready again");
    const after = await api(SUBMIT, { t: "Written after the database came back" });
    expect(after.body.errors).toBeUndefined();
    const page = await api(PAGE);
    expect(page.body.data?.reviews.edges.map((e: { node: { text: string } }) => e.node.text)).toEqual(["Written after the database came back", "Written before the connections were dropped"]);
    expect(reviewsAlive()).toBe(true);
  });
});
