import { describe, expect, it } from "vitest";
import { bodyTemplate } from "./body-template.js";
import { parseShellChildCpu, parseWrkOutput, wrkScript } from "./wrk.js";

const WRK_STDOUT = `Running 10s test @ http://127.0.0.1:4700/graphql
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    21.52ms    4.10ms  80.12ms   90.00%
    Req/Sec     1.49k   120.00     1.70k    70.00%
  14890 requests in 10.00s, 5.12MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   1488.95
Transfer/sec:    524.17KB

BENCH_WRK_JSON {"requests":14890,"durationUs":10001234,"connect":0,"read":1,"write":0,"status":3,"timeout":2,"p50Us":20750,"p99Us":41020,"maxUs":80120}

BENCH_SHELL_STAT 4242 (sh) S 4200 4242 4200 0 -1 4194304 120 4000 0 0 0 0 153 87 0 0 20 0 1 0 5000 2600000 200 18446744073709551615
`;

describe("wrk output", () => {
  it("reads requests, duration and percentiles from the summary line the script prints", () => {
    expect(parseWrkOutput(WRK_STDOUT)).toEqual({ requests: 14890, durationUs: 10001234, errors: 6, p50Us: 20750, p99Us: 41020, maxUs: 80120 });
  });

  it("counts connect, read, write, timeout and non-2xx errors together", () => {
    expect(parseWrkOutput(WRK_STDOUT).errors).toBe(1 + 3 + 2);
  });

  it("refuses output without a summary line, showing what wrk printed", () => {
    expect(() => parseWrkOutput("unable to connect to 127.0.0.1:4700 Connection refused\n")).toThrow(/Connection refused/);
  });

  it("takes wrk's CPU from the waiting shell's reaped-children fields, in seconds", () => {
    // cutime 153 + cstime 87 ticks at the usual 100 ticks a second
    expect(parseShellChildCpu(WRK_STDOUT)).toBeCloseTo(2.4, 5);
  });
});

describe("wrk script", () => {
  const template = bodyTemplate("query ($t: String!) { a(t: $t) }", { name: "t", kind: "fresh-text", pool: ['say "hi"', "plain"] }, "x1");

  it("writes the pool as Lua strings with the JSON escaping kept", () => {
    expect(wrkScript(template, {})).toContain('local pool = { "say \\\\\\"hi\\\\\\"", "plain" }');
  });

  it("sets the request headers", () => {
    expect(wrkScript(template, { authorization: "Bearer k" })).toContain('wrk.headers["authorization"] = "Bearer k"');
  });

  it("builds each body from the request counter, so no two requests send the same text", () => {
    expect(wrkScript(template, {})).toMatch(/n = n \+ 1\n\s+return wrk\.format\(nil, nil, nil, prefix \.\. at\(n\) \.\. " " \.\. tag \.\. "-" \.\. n \.\. suffix\)/);
  });
});
