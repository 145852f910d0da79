// Prometheus metrics on a port of their own, so that a service whose main port is public (the
// gateway) does not publish its internals; bound to 127.0.0.1 unless configured otherwise.
import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";
import type { Logger } from "./logger.js";
import { listen } from "./service-http.js";

export async function serveMetrics(registry: Registry, port: number, host: string, logger: Logger): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (request.method !== "GET" || path !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      response.end("not found: metrics are at GET /metrics\n");
      return;
    }
    registry
      .metrics()
      .then((text) => {
        response.writeHead(200, { "content-type": registry.contentType });
        response.end(text);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, "cannot collect the metrics; answered 500");
        response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        response.end("metrics unavailable\n");
      });
  });
  await listen(server, port, host);
  return server;
}
