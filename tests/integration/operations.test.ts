import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../../scripts/stack.js";
import { LARGEST_LEGAL_BODY_BYTES } from "@sentiment/schema";
import { graphql } from "../support/graphql-client.js";
import { startTestStack } from "../support/stack-fixture.js";
import { waitingOn } from "../support/tcp-sockets.js";
import { pollUntil } from "../support/until.js";

describe("operating the services", () => {
  let stack: Stack;
  // A tiny queue so that one large analysis overflows it. The gateway probes its subgraphs once, at
  // start: a request waiting at ml is then always one the test sent.
  beforeAll(async () => {
    stack = await startTestStack({ MAX_QUEUE: "4", MAX_BATCH: "2", LOG_LEVEL: "info", SUBGRAPH_PROBE_INTERVAL_MS: "600000" });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("answers /healthz and /readyz on every service", async () => {
    for (const url of Object.values(stack.urls)) {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: "ready" });
    }
  });

  it("exposes Prometheus metrics, with the ML service's batch, queue, latency and model-version series", async () => {
    await graphql(stack.gatewayUrl, `{ analyzeReview(text: "A lovely little film") { sentiment { label } } }`);
    const gateway = await (await fetch(stack.metricsUrl)).text();
    expect(gateway).toMatch(/http_requests_total\{route="graphql",status="200",service="gateway"\} \d+/);
    const ml = await (await fetch(stack.metricsUrls.ml)).text();
    for (const series of ["inference_batch_size_bucket", "inference_queue_depth", "inference_duration_seconds_bucket", "model_info{version=\"lr-"]) {
      expect(ml).toContain(series);
    }
  });

  it("serves each subgraph's metrics on a port of its own on 127.0.0.1, not on its GraphQL port", async () => {
    for (const name of ["reviews", "ml"] as const) {
      expect((await fetch(`${stack.urls[name]}/metrics`)).status, name).toBe(404);
      const port = new URL(stack.metricsUrls[name]).port;
      expect(port).not.toBe(new URL(stack.urls[name]).port);
      expect(execFileSync("ss", ["-ltnH", `sport = :${port}`], { encoding: "utf8" }).trim().split(/\s+/)[3]).toBe(`127.0.0.1:${port}`);
      const response = await fetch(stack.metricsUrls[name]);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(`service="${name}"`);
    }
  });

  it("serves the gateway's metrics on their own port on 127.0.0.1, not on the public one", async () => {
    expect((await fetch(`${stack.urls.gateway}/metrics`)).status).toBe(404);
    // Listening on the loopback address only, by default.
    const port = new URL(stack.metricsUrl).port;
    expect(execFileSync("ss", ["-ltnH", `sport = :${port}`], { encoding: "utf8" }).trim().split(/\s+/)[3]).toBe(`127.0.0.1:${port}`);
    const response = await fetch(stack.metricsUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("subgraph_up{subgraph=\"ml\",service=\"gateway\"} 1");
  });

  it("fails texts beyond the model's queue bound at once with OVERLOADED, not after a wait", async () => {
    const texts = Array.from({ length: 10 }, (_, i) => `Review number ${i} is rather good`);
    const { body } = await graphql(stack.gatewayUrl, `query ($texts: [String!]!) { analyzeReviews(texts: $texts) { text sentiment { label } } }`, { texts });
    expect(body.data?.analyzeReviews.map((a: any) => a.text)).toEqual(texts);
    const codes = new Set(body.errors?.map((e) => e.extensions?.code));
    expect(codes).toEqual(new Set(["OVERLOADED"]));
    expect(body.data?.analyzeReviews.some((a: any) => a.sentiment === null)).toBe(true);
  });

  it("reloads the model on SIGHUP without dropping requests", async () => {
    const ml = stack.services.get("ml");
    const query = `{ analyzeReview(text: "Wonderful and warm") { sentiment { label } } }`;
    const reloaded = () => ml?.output.join("").includes("model reloaded") ?? false;
    // Two requests in flight at all times (within this suite's tiny queue), from before the signal
    // until well after the swap is logged.
    let answered = 0;
    const wrong: unknown[] = [];
    let loading = true;
    const load = async () => {
      while (loading) {
        const results = await Promise.all([graphql(stack.gatewayUrl, query), graphql(stack.gatewayUrl, query)]);
        for (const { body } of results) {
          if (body.errors !== undefined || body.data?.analyzeReview.sentiment?.label !== "POSITIVE") wrong.push(body);
          answered += 1;
        }
      }
    };
    const running = load();
    await pollUntil(() => answered >= 2, "the first answers", 15_000, 5);
    ml?.process.kill("SIGHUP");
    await pollUntil(reloaded, 'ml to log "model reloaded"', 30_000, 10);
    const atReload = answered;
    await pollUntil(() => answered >= atReload + 20, "20 answers after the reload", 30_000, 10);
    loading = false;
    await running;
    expect(wrong).toEqual([]);
  });

  it("masks unexpected errors and rejects malformed JSON with a clear code", async () => {
    const response = await fetch(stack.gatewayUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }] });
  });

  it("refuses a body over the size limit with 413", async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(LARGEST_LEGAL_BODY_BYTES) } }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("stops gracefully on SIGTERM, finishing the request in flight", async () => {
    const gateway = stack.services.get("gateway");
    const ml = stack.services.get("ml")?.process;
    const mlPort = Number(new URL(stack.urls.ml).port);
    // With ml stopped, the request is held at the gateway: in flight there, provably, when SIGTERM comes.
    ml?.kill("SIGSTOP");
    const inFlight = graphql(stack.gatewayUrl, `{ analyzeReview(text: "Last words, kindly meant") { sentiment { label } } }`);
    try {
      await pollUntil(() => waitingOn(mlPort) >= 1, "the request to reach ml", 15_000, 10);
      const exited = new Promise<number | null>((resolve) => gateway?.process.once("exit", (code) => resolve(code)));
      gateway?.process.kill("SIGTERM");
      await pollUntil(() => gateway?.output.join("").includes("shutting down") ?? false, "the gateway to begin its shutdown", 15_000, 10);
      expect(gateway?.output.join("")).toMatch(/"inFlight":1,.*"shutting down/);
      ml?.kill("SIGCONT");
      expect((await inFlight).body.data?.analyzeReview.sentiment.label).toBe("POSITIVE");
      expect(await exited).toBe(0);
    } finally {
      ml?.kill("SIGCONT");
    }
  });
});
