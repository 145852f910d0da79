// Resident memory under the worst legal load, against the production bundles (npm run build): the
// largest legal requests (100 texts of 5,000 characters, two- and four-byte characters in every
// sentence, 62 sentences each: under the sentence limit) asking for the most model work the cost
// limit admits (label, mixed flag and five words of explanation: 4,201 of 5,000), from eight
// callers at once, until the ML service has read 1,500 texts. The ML service's peak resident memory
// (the kernel's high-water mark, VmHWM, so no peak is missed between samples) must stay within 90 %
// of its Kubernetes memory limit, and so must the gateway's and reviews'. Memory is not a timing
// figure: a busy machine reads fewer texts per second, and this waits for the texts, not the clock.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { peakRssBytes } from "../../scripts/peak-memory.js";
import { metricSum } from "../../scripts/prometheus-text.js";
import { ROOT, type ServiceName, type Stack } from "../../scripts/stack.js";
import { startTestStack } from "../support/stack-fixture.js";

const HEADROOM = 0.9;
const CALLERS = 8;
const TEXTS_READ = 1_500;
const WORST = `query ($texts: [String!]!) { analyzeReviews(texts: $texts) { text sentiment { label mixed explanation { word weight } } } }`;

/** The ML pod's glibc malloc settings (deploy/k8s/base/config/ml.env): the process under test is configured as deployed. */
function mlMallocSettings(): Record<string, string> {
  const lines = readFileSync(join(ROOT, "deploy/k8s/base/config/ml.env"), "utf8").split("\n");
  return Object.fromEntries(lines.filter((line) => line.startsWith("MALLOC_")).map((line) => line.split("=", 2) as [string, string]));
}

/** The memory limit of the service's container in deploy/k8s/base, in bytes. */
function kubernetesMemoryLimit(service: ServiceName): number {
  const documents = parseAllDocuments(readFileSync(join(ROOT, "deploy/k8s/base", `${service}.yaml`), "utf8")).map((d) => d.toJSON() as any);
  const deployment = documents.find((d) => d?.kind === "Deployment");
  const limit = deployment?.spec?.template?.spec?.containers?.find((c: { name: string }) => c.name === service)?.resources?.limits?.memory as string | undefined;
  const match = /^(\d+)Mi$/.exec(limit ?? "");
  if (!match) throw new Error(`no memory limit in Mi for ${service} in deploy/k8s/base/${service}.yaml (found ${limit})`);
  return Number(match[1]) * 2 ** 20;
}

let counter = 0;
/** 5,000 characters in 62 sentences of 80 (one of them a four-byte emoji, one a two-byte letter), new each time. */
function worstText(): string {
  let text = "";
  while (text.length < 4_920) {
    counter += 1;
    text += `The ${counter % 2 ? "pasta" : "service"} was wonderful 😀 but the Ševčík trio played badly, visit ${String(counter).padStart(7, "0")}. `;
  }
  return text.slice(0, 4_960).trimEnd();
}

let stack: Stack;
let headers: Record<string, string>;

beforeAll(async () => {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  process.env.STACK_BUNDLES = "1";
  stack = await startTestStack({
    NODE_ENV: "production",
    // The worst document is not in the client's manifest.
    PERSISTED_OPERATIONS_ONLY: "false",
    RATE_LIMIT_PER_CALLER: "100000000",
    RATE_LIMIT_PER_ADDRESS: "100000000",
    // Every service gets them here; they are the ML pod's settings, and the others' peaks are checked with them too.
    ...mlMallocSettings(),
  });
  headers = { "content-type": "application/json", authorization: `Bearer ${stack.keys.reader}` };
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  delete process.env.STACK_BUNDLES;
});

describe("the largest legal requests", () => {
  it("keeps every service's peak resident memory within 90 % of its Kubernetes limit", async () => {
    const probe = await fetch(stack.gatewayUrl, { method: "POST", headers, body: JSON.stringify({ query: WORST, variables: { texts: [worstText()] } }) });
    const answer = (await probe.json()) as { errors?: unknown[] };
    expect(answer.errors).toBeUndefined();
    const read = async () => metricSum(await (await fetch(stack.metricsUrls.ml)).text(), "inference_batch_size_sum");
    const start = await read();
    let done = false;
    let sent = 0;
    const callers = Array.from({ length: CALLERS }, async () => {
      while (!done) {
        const body = JSON.stringify({ query: WORST, variables: { texts: Array.from({ length: 100 }, worstText) } });
        expect(Buffer.byteLength(body)).toBeGreaterThan(500_000);
        sent += 1;
        // Refusals (OVERLOADED) and deadlines (SERVICE_UNAVAILABLE) are part of this load; only the memory is judged.
        await (await fetch(stack.gatewayUrl, { method: "POST", headers, body })).arrayBuffer();
      }
    });
    while ((await read()) - start < TEXTS_READ) await new Promise((resolve) => setTimeout(resolve, 250));
    done = true;
    await Promise.all(callers);
    const ml = await (await fetch(stack.metricsUrls.ml)).text();
    const mib = (name: string) => (metricSum(ml, name) / 2 ** 20).toFixed(0);
    console.log(`ml after the load: heap ${mib("nodejs_heap_size_used_bytes")} of ${mib("nodejs_heap_size_total_bytes")} MiB, external ${mib("nodejs_external_memory_bytes")} MiB, resident ${mib("process_resident_memory_bytes")} MiB`);
    const peaks = Object.fromEntries((["gateway", "reviews", "ml"] as const).map((name) => [name, peakRssBytes(stack.services.get(name)?.process.pid ?? -1)]));
    console.log(`after ${sent} requests: peak resident memory ${Object.entries(peaks).map(([name, bytes]) => `${name} ${(bytes / 2 ** 20).toFixed(0)} MiB`).join(", ")}`);
    for (const name of ["ml", "gateway", "reviews"] as const) {
      expect(peaks[name], `${name}: peak ${((peaks[name] ?? 0) / 2 ** 20).toFixed(0)} MiB of a ${kubernetesMemoryLimit(name) / 2 ** 20} MiB limit`).toBeLessThanOrEqual(HEADROOM * kubernetesMemoryLimit(name));
    }
  }, 300_000);

  it("admits the largest legal batch: 100 texts of 5,000 four-byte characters, 2 MB of JSON", async () => {
    const texts = Array.from({ length: 100 }, (_, i) => `${"😀".repeat(4_990)} visit ${String(i).padStart(3, "0")}`);
    const body = JSON.stringify({ query: "query ($t: [String!]!) { analyzeReviews(texts: $t) { text sentiment { label } } }", variables: { t: texts } });
    expect(Buffer.byteLength(body)).toBeGreaterThan(1_990_000);
    const response = await fetch(stack.gatewayUrl, { method: "POST", headers, body });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { data: { analyzeReviews: Array<{ text: string }> }; errors?: Array<{ extensions: { code: string } }> };
    expect(answer.data.analyzeReviews.map((a) => a.text)).toEqual(texts);
    // The model may miss its deadline on a busy machine; no part of the way refuses the size.
    expect((answer.errors ?? []).map((e) => e.extensions.code).filter((code) => code !== "SERVICE_UNAVAILABLE")).toEqual([]);
  });
});
