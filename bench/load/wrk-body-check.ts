// Before measuring, wrk's Lua script is run for a second against a local sink that keeps every
// body it receives: the bench says how many of them were distinct, so "a new text per request" is
// checked rather than assumed.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { BodyTemplate } from "./body-template.js";
import { runWrk } from "./wrk.js";

export async function checkWrkBodies(template: BodyTemplate, headers: Record<string, string>): Promise<{ received: number; distinct: number; sample: string[]; wrkCpuSeconds: number }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      bodies.push(Buffer.concat(chunks).toString("utf8"));
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  let wrkCpuSeconds = 0;
  try {
    const { port } = server.address() as AddressInfo;
    ({ generatorCpuSeconds: wrkCpuSeconds } = await runWrk({ url: `http://127.0.0.1:${port}/graphql`, connections: 4, seconds: 1, template, headers }));
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  return { received: bodies.length, distinct: new Set(bodies).size, sample: bodies.slice(0, 2), wrkCpuSeconds };
}
