// A request signed by the gateway, captured on its way to the reviews subgraph, cannot be
// replayed there: not with another body, and not as it was.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../../scripts/stack.js";
import { graphql } from "../support/graphql-client.js";
import { startTestStack } from "../support/stack-fixture.js";

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Forwards everything to `target` and keeps a copy of each GraphQL request. */
function recordingProxy(target: () => string | undefined, captured: Captured[]): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", async () => {
      const origin = target();
      if (!origin) {
        // The gateway probes its subgraphs while the stack is still starting.
        response.writeHead(503).end();
        return;
      }
      const body = Buffer.concat(chunks).toString("utf8");
      if (request.url?.startsWith("/graphql")) captured.push({ method: request.method ?? "", url: request.url, headers: request.headers, body });
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => !["host", "connection", "content-length"].includes(k))) as Record<string, string>;
      const answer = await fetch(`${origin}${request.url}`, { method: request.method, headers, body: request.method === "POST" ? body : undefined });
      response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      response.end(await answer.text());
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("gateway signatures bound to the request", () => {
  let stack: Stack;
  let proxy: Server;
  const captured: Captured[] = [];

  beforeAll(async () => {
    proxy = await recordingProxy(() => stack?.urls.reviews, captured);
    const { port } = proxy.address() as AddressInfo;
    stack = await startTestStack({ REVIEWS_URL: `http://127.0.0.1:${port}/graphql` });
  });
  afterAll(async () => {
    await stack?.stop();
    proxy?.close();
  });

  it("refuses captured headers replayed with another body, and replayed as they were", async () => {
    const admin = { authorization: `Bearer ${stack.keys.admin}` };
    const id = (await graphql(stack.gatewayUrl, `mutation { submitReview(input: { text: "Keep me, please" }) { id } }`, {}, admin)).body.data?.submitReview.id as string;
    captured.length = 0;
    const read = await graphql(stack.gatewayUrl, `query ($id: ID!) { review(id: $id) { id text } }`, { id }, admin);
    expect(read.body.data?.review.text).toBe("Keep me, please");
    const original = captured.find((c) => c.body.includes("review("));
    expect(original?.headers["x-gateway-signature"]).toBeTruthy();

    const replay = (body: string) =>
      fetch(`${stack.urls.reviews}/graphql`, {
        method: "POST",
        headers: { ...(original?.headers as Record<string, string>), host: new URL(stack.urls.reviews).host, "content-length": String(Buffer.byteLength(body)) },
        body,
      });
    const swapped = await replay(JSON.stringify({ query: `mutation ($id: ID!) { deleteReview(id: $id) }`, variables: { id } }));
    expect(swapped.status).toBe(401);
    expect(((await swapped.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe("UNAUTHENTICATED");
    const again = await replay(original?.body as string);
    expect(again.status).toBe(401);

    const still = await graphql(stack.gatewayUrl, `query ($id: ID!) { review(id: $id) { id } }`, { id }, admin);
    expect(still.body.data?.review.id).toBe(id);
  });
});
