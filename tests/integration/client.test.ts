import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalyzeReviewDocument, ModelInfoDocument, ReviewsPageDocument, SubmitReviewDocument } from "../../client/generated/graphql.js";
import { GraphQLRequestError, createClient } from "../../client/request.js";
import { ROOT, type Stack } from "../../scripts/stack.js";
import { graphql } from "../support/graphql-client.js";
import { startTestStack } from "../support/stack-fixture.js";

describe("the typed client in development", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("runs the example client against the real stack", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "examples/client.ts"], {
      cwd: ROOT,
      env: { ...process.env, GATEWAY_URL: stack.gatewayUrl, SENTIMENT_API_KEY: stack.keys.writer },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^submitted [0-9a-f-]{36}: "The staff were friendly.*\(sent twice, stored once: true\)$/m);
    expect(run.stdout).toMatch(/^page 1: POSITIVE/m);
    expect(run.stdout).toContain("analyzeReview: POSITIVE");
    expect(run.stdout).toMatch(/^in detail: (POSITIVE|NEGATIVE) [\d.]+%, mixed$/m);
    expect(run.stdout).toMatch(/^ {2}sentence \[0, 28\) NEGATIVE [\d.]+%: The food was cold and bland\.$/m);
    expect(run.stdout).toMatch(/^ {2}sentence \[29, 65\) POSITIVE [\d.]+%: The waiter was friendly and helpful\.$/m);
    expect(run.stdout).toMatch(/^ {2}top words \(log-odds towards POSITIVE\): \S+ [+-]\d+\.\d\d(, \S+ [+-]\d+\.\d\d){3}$/m);
    expect(run.stdout).toContain("analyzeReviews[0]: NEGATIVE Battery died after two days.");
    expect(run.stdout).toContain("analyzeReviews[1]: POSITIVE Delicious food and quick service.");
    expect(run.stdout).toContain("rejected as expected: Review cannot be a number (field text)");
  });

  it("types the answers of generated documents and sends only their hash when persisted", async () => {
    const client = createClient({ url: stack.gatewayUrl, apiKey: stack.keys.writer, persisted: true });
    const { data } = await client.request(SubmitReviewDocument, { text: "Typed and persisted, wonderful." });
    const page = await client.request(ReviewsPageDocument, { first: 1 });
    expect(page.data.reviews.edges[0]?.node).toMatchObject({ id: data.submitReview.id, sentiment: { label: "POSITIVE" } });
  });

  it("raises errors with their code: an anonymous write is UNAUTHENTICATED, a reader's FORBIDDEN", async () => {
    const anonymous = createClient({ url: stack.gatewayUrl });
    const error = await anonymous.request(SubmitReviewDocument, { text: "anonymous write" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect((error as GraphQLRequestError).code).toBe("UNAUTHENTICATED");
    const reader = createClient({ url: stack.gatewayUrl, apiKey: stack.keys.reader });
    const denied = await reader.request(SubmitReviewDocument, { text: "a reader's write" }).catch((e: unknown) => e);
    expect((denied as GraphQLRequestError).code).toBe("FORBIDDEN");
  });
});

describe("persisted operations in production", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startTestStack({ NODE_ENV: "production" });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("runs manifest operations sent by hash", async () => {
    const client = createClient({ url: stack.gatewayUrl, apiKey: stack.keys.reader, persisted: true });
    const { data } = await client.request(AnalyzeReviewDocument, { text: "This is a must see." });
    expect(data.analyzeReview.sentiment?.label).toBe("POSITIVE");
    expect((await client.request(ModelInfoDocument, {})).data.modelInfo.version).toMatch(/^lr-[a-z]+-[0-9a-f]{12}$/);
  });

  it("runs an operation sent by its id exactly as the manifest lists it, and by the bare hash", async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "client/generated/persisted-documents.json"), "utf8")) as Record<string, string>;
    const id = Object.keys(manifest).find((key) => manifest[key]?.startsWith("query ModelInfo")) as string;
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const sha256Hash of [id, id.slice("sha256:".length)]) {
      const response = await fetch(stack.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${stack.keys.reader}` },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash } } }),
      });
      const body = (await response.json()) as { data?: { modelInfo: { version: string } }; errors?: unknown };
      expect(body.errors, sha256Hash).toBeUndefined();
      expect(body.data?.modelInfo.version).toMatch(/^lr-[a-z]+-[0-9a-f]{12}$/);
    }
  });

  it("answers a persisted-query hash that is not its query's with a client error and a stable code", async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${stack.keys.reader}` },
      body: JSON.stringify({ query: "{ modelInfo { version } }", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe("PERSISTED_QUERY_HASH_MISMATCH");
    expect(body.errors[0]?.message).toMatch(/sha256Hash/);
  });

  it("refuses any operation outside the manifest", async () => {
    const { status, body } = await graphql(stack.gatewayUrl, `{ modelInfo { version } }`, {}, { authorization: `Bearer ${stack.keys.admin}` });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe("OPERATION_NOT_ALLOWED");
  });
});
