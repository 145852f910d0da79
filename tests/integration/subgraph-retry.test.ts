// The gateway's subgraph client against real HTTP servers: one that resets the connection of the
// first requests it receives (a read is sent again, a mutation is not), and a port where nothing
// listens (refused: nothing was sent, so any operation is tried again, within MAX_ATTEMPTS).
import { createServer, type Server } from "node:http";
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type GatewayContext, SubgraphSource } from "@sentiment/gateway";
import { freePort } from "../support/free-port.js";

const SECRET = "s".repeat(40);

describe("calling a subgraph whose connection is reset", () => {
  let server: Server;
  let received: string[];

  const startResettingOnce = async (resets = 1): Promise<string> => {
    received = [];
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => {
        received.push(body);
        if (received.length <= resets) {
          request.socket.destroy();
          return;
        }
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ data: { ok: true } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  };
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });

  // The source reads only the subgraph request and the context of the incoming operation.
  const call = (source: SubgraphSource, query: string) =>
    source.process({
      kind: "incoming operation",
      request: { query, variables: {} },
      context: { requestId: "req-1", logger: pino({ level: "silent" }), identity: { subject: "apikey:0badc0de", role: "admin" } },
      incomingRequestContext: {},
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);

  it("sends a read once more and returns its answer", async () => {
    const source = new SubgraphSource("reviews", await startResettingOnce(), 2_000, SECRET);
    expect(await call(source, "query($id:ID!){review(id:$id){id}}")).toEqual({ data: { ok: true } });
    expect(received).toHaveLength(2);
    await source.close();
  });

  it("sends a read up to three times in all, then answers SERVICE_UNAVAILABLE", async () => {
    const retries: string[] = [];
    const twice = new SubgraphSource("reviews", await startResettingOnce(2), 2_000, SECRET, (reason) => retries.push(reason));
    expect(await call(twice, "query($id:ID!){review(id:$id){id}}")).toEqual({ data: { ok: true } });
    expect(received).toHaveLength(3);
    expect(retries).toEqual(["reset", "reset"]);
    await twice.close();
    server.closeAllConnections();
    server.close();
    const thrice = new SubgraphSource("reviews", await startResettingOnce(3), 2_000, SECRET);
    await expect(call(thrice, "query($id:ID!){review(id:$id){id}}")).rejects.toMatchObject({ extensions: { code: "SERVICE_UNAVAILABLE" } });
    expect(received).toHaveLength(3);
    await thrice.close();
  });

  it("sends a mutation again when the connection was refused, since nothing was sent", async () => {
    const retries: string[] = [];
    const source = new SubgraphSource("reviews", `http://127.0.0.1:${await freePort()}/graphql`, 2_000, SECRET, (reason) => retries.push(reason));
    await expect(call(source, "mutation($t:String!){submitReview(input:{text:$t}){id}}")).rejects.toMatchObject({ extensions: { code: "SERVICE_UNAVAILABLE", service: "reviews" } });
    expect(retries).toEqual(["refused", "refused"]);
    await source.close();
  });

  it("does not send a mutation again: it answers SERVICE_UNAVAILABLE", async () => {
    const source = new SubgraphSource("reviews", await startResettingOnce(), 2_000, SECRET);
    await expect(call(source, "mutation($t:String!){submitReview(input:{text:$t}){id}}")).rejects.toMatchObject({ extensions: { code: "SERVICE_UNAVAILABLE", service: "reviews" } });
    expect(received).toHaveLength(1);
    await source.close();
  });
});
