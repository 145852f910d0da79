// The gateway's kept-alive connections to a subgraph do not live forever: each ends after a
// bounded number of requests, so a replica that starts later (a restart, a scale-up) gets a share
// of the traffic as connections are opened again.
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_REQUESTS_PER_CONNECTION, SubgraphSource, type GatewayContext } from "@sentiment/gateway";

let server: Server;
/** requests served, per connection */
const served = new Map<Socket, number>();
let url = "";

beforeAll(async () => {
  // A stand-in subgraph: it only counts connections and answers an empty result.
  server = createServer((request, response) => {
    served.set(request.socket, (served.get(request.socket) ?? 0) + 1);
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"data":{}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("connections from the gateway to a subgraph", () => {
  it("are replaced after a bounded number of requests", async () => {
    const source = new SubgraphSource("reviews", url, 5_000, "s".repeat(32));
    const context: GatewayContext = { requestId: "r", logger: pino({ level: "silent" }), identity: { subject: "t", role: "reader" } };
    const requests = 2 * MAX_REQUESTS_PER_CONNECTION + 10;
    for (let i = 0; i < requests; i += 1) {
      await source.process({ kind: "incoming operation" as never, request: { query: "{ __typename }" }, context, incomingRequestContext: {} as never });
    }
    await source.close();
    const perConnection = [...served.values()];
    expect(perConnection.reduce((a, b) => a + b, 0)).toBe(requests);
    expect(perConnection.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...perConnection)).toBeLessThanOrEqual(MAX_REQUESTS_PER_CONNECTION + 1);
  });
});
