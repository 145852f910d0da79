// Whether each subgraph is reachable and ready, probed in the background. It does not decide
// the gateway's own readiness: with ML down the gateway still serves partial answers, so an
// orchestrator must keep it in rotation. It is reported as the `subgraph_up` metric (on the
// metrics port: the public /healthz says nothing of the services behind the gateway).
import { Gauge, type Registry } from "prom-client";
import { request } from "undici";
import type { Logger } from "@sentiment/platform";

export type SubgraphState = "ready" | "not ready" | "unreachable" | "unknown";

/** A probe's outcome; `error` says why a subgraph was unreachable. */
export interface Probe {
  state: Exclude<SubgraphState, "unknown">;
  error?: unknown;
}

export async function probeSubgraph(url: string, timeoutMs = 1_000): Promise<Probe> {
  try {
    const response = await request(new URL("/readyz", url), { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    await response.body.dump();
    return { state: response.statusCode === 200 ? "ready" : "not ready" };
  } catch (error) {
    return { state: "unreachable", error };
  }
}

export class SubgraphHealth {
  private readonly states = new Map<string, SubgraphState>();
  private readonly gauge: Gauge<"subgraph">;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly subgraphs: Array<{ name: string; url: string }>,
    registry: Registry,
    private readonly logger: Logger,
  ) {
    this.gauge = new Gauge({ name: "subgraph_up", help: "1 when the subgraph answered its readiness probe with 200, else 0", labelNames: ["subgraph"] as const, registers: [registry] });
    for (const { name } of subgraphs) this.states.set(name, "unknown");
  }

  /** Probes now and then every `intervalMs`. */
  start(intervalMs: number): void {
    const probeAll = () =>
      void Promise.all(
        this.subgraphs.map(async ({ name, url }) => {
          const { state, error } = await probeSubgraph(url);
          // Logged when it changes, not at every probe: the gauge has the history.
          const previous = this.states.get(name);
          if (state !== previous && !(state === "ready" && previous === "unknown")) {
            if (state === "ready") this.logger.info({ subgraph: name }, "subgraph ready again");
            else this.logger.warn({ subgraph: name, state, err: error }, `subgraph ${state}; answers that need it are partial`);
          }
          this.states.set(name, state);
          this.gauge.set({ subgraph: name }, state === "ready" ? 1 : 0);
        }),
      );
    probeAll();
    this.timer = setInterval(probeAll, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
