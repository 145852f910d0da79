// Requests that are the client's mistake get a 4xx with a stable code and a message saying what
// to send instead, never a 500; a client that hangs up is not an error of the gateway's; the
// public /healthz tells nobody about the services behind it. Through the real gateway in
// production mode, with the allow-list off and anonymous reads allowed.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../../scripts/stack.js";
import { graphql } from "../support/graphql-client.js";
import { startTestStack } from "../support/stack-fixture.js";
import { waitingOn } from "../support/tcp-sockets.js";
import { pollUntil } from "../support/until.js";

describe("client mistakes at the gateway", () => {
  let stack: Stack;
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> } };
  };
  const gatewayLog = () => stack.services.get("gateway")?.output.join("") ?? "";

  beforeAll(async () => {
    stack = await startTestStack({ NODE_ENV: "production", PERSISTED_OPERATIONS_ONLY: "false", ALLOW_ANONYMOUS: "true", LOG_LEVEL: "info" });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("answers a document of several operations without operationName with 400 OPERATION_RESOLUTION_FAILURE", async () => {
    const { status, body } = await post({ query: "query A { __typename } query B { __typename }" });
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: "The document holds 2 operations (A, B): set operationName to the one to run", extensions: { code: "OPERATION_RESOLUTION_FAILURE" } }]);
    const unknown = await post({ query: "query A { __typename } query B { __typename }", operationName: "C" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]).toMatchObject({ message: 'The document holds no operation named "C"; it holds A, B', extensions: { code: "OPERATION_RESOLUTION_FAILURE" } });
  });

  it("answers a subscription with 400 GRAPHQL_VALIDATION_FAILED: the API has none", async () => {
    for (const query of ["subscription { __typename }", "subscription S { reviews(first: 1) { edges { cursor } } }"]) {
      const { status, body } = await post({ query });
      expect(status).toBe(400);
      expect(body.errors).toEqual([{ message: "Subscriptions are not supported: this API has queries and mutations only", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }]);
    }
  });

  it("answers a syntax error with 400 GRAPHQL_PARSE_FAILED, and a document past the token limit the same way", async () => {
    const broken = await post({ query: "{ modelInfo { version }" });
    expect(broken.status).toBe(400);
    expect(broken.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Syntax Error: /), extensions: { code: "GRAPHQL_PARSE_FAILED" } });
    const flood = await post({ query: `{ ${"__typename ".repeat(3500)} }` });
    expect(flood.status).toBe(400);
    expect(flood.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Syntax Error: Document contains more \w+ 3000 tokens\. Parsing aborted\.$/), extensions: { code: "GRAPHQL_PARSE_FAILED" } });
  });

  it("says what to change when a field repeated hundreds of times makes graphql-js give up validating", async () => {
    const { status, body } = await post({ query: `{ modelInfo { ${"version ".repeat(800)} } }` });
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: expect.stringMatching(/^The document repeats the same selections or fragment spreads too many times to be checked: ask for each field once/), extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }]);
  });

  it("answers another persisted-query version than 1 with 400 BAD_REQUEST saying what to send", async () => {
    const query = "{ __typename }";
    for (const body of [{ query, extensions: { persistedQuery: { version: 2, sha256Hash: "0".repeat(64) } } }, { extensions: { persistedQuery: { version: 2, sha256Hash: "0".repeat(64) } } }]) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
      expect(answer.body.errors?.[0]?.message).toBe('persistedQuery.version 2 is not supported; send extensions.persistedQuery as {"version": 1, "sha256Hash": "<hex SHA-256 of the query>"}');
    }
  });

  it("answers an anonymous write with 401 UNAUTHENTICATED and a Bearer challenge, as docs/api.md says, and stores nothing", async () => {
    const text = `Anonymous and hoping to be stored ${Date.now()}`;
    const { status, headers, body } = await post({ query: `mutation ($t: String!) { submitReview(input: { text: $t }) { id } }`, variables: { t: text } });
    expect(status).toBe(401);
    expect(headers.get("www-authenticate")).toBe("Bearer");
    expect(body.errors).toEqual([{ message: "Writes need credentials: send Authorization: Bearer with an API key or token of the writer role", extensions: { code: "UNAUTHENTICATED" } }]);
    const page = await graphql(stack.gatewayUrl, `{ reviews(first: 100) { edges { node { text } } } }`);
    expect(JSON.stringify(page.body.data)).not.toContain(text);
    // Anonymous reads still work.
    expect(page.status).toBe(200);
  });

  it("tells an anonymous caller giving feedback that a reader's key or token is enough", async () => {
    const { status, headers, body } = await post({ query: `mutation { submitFeedback(input: { text: "Anonymous feedback, hoping to count", label: POSITIVE }) { label } }` });
    expect(status).toBe(401);
    expect(headers.get("www-authenticate")).toBe("Bearer");
    expect(body.errors).toEqual([{ message: "Writes need credentials: send Authorization: Bearer with an API key or token of the reader role", extensions: { code: "UNAUTHENTICATED" } }]);
  });

  it("keeps the public /healthz to liveness; what the gateway knows of the subgraphs is on its metrics port", async () => {
    for (const url of Object.values(stack.urls)) expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: "ok" });
    const metrics = await (await fetch(stack.metricsUrl)).text();
    expect(metrics).toMatch(/subgraph_up\{subgraph="reviews",service="gateway"\} [01]/);
    expect(metrics).toMatch(/rate_limit_store\{mode="memory",service="gateway"\} 1/);
  });

  it("logs a client that hangs up in the middle of its request at info, as what it is, not as an error", async () => {
    const requestId = `hang-up-${Date.now()}`;
    const port = Number(new URL(stack.gatewayUrl).port);
    const socket = connect(port, "127.0.0.1");
    socket.on("error", () => undefined);
    await new Promise((resolve) => socket.once("connect", resolve));
    // Half a body; once the gateway has read it (nothing left unread on its port), the client goes away.
    socket.write(`POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nx-request-id: ${requestId}\r\nContent-Length: 1000\r\n\r\n{"query":"{ __typ`);
    await pollUntil(() => waitingOn(port) === 0, "the gateway to read the request", 5_000, 10);
    socket.destroy();
    await pollUntil(() => gatewayLog().includes(requestId), "the gateway to log the hang-up", 10_000, 20);
    const lines = gatewayLog().split("\n").filter((line) => line.includes(requestId)).map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(lines).toEqual([expect.objectContaining({ level: 30, msg: "client closed the connection before the answer" })]);
  });
});
