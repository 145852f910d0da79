// Keeps the services of `npm start` running: a service that dies is started again after a
// delay that doubles with each failure in a row (0.5 s, 1 s, 2 s … at most 30 s), while the
// others keep serving; a service that stayed up for a minute starts the count afresh.
import type { ServiceName, Stack } from "./stack.js";

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** Up this long, a service counts as healthy again: its next failure waits the first delay. */
const STABLE_MS = 60_000;

/** The wait before restart number `failuresInARow` (1 for the first failure). */
export function restartDelayMs(failuresInARow: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failuresInARow - 1));
}

export class Supervisor {
  private stopping = false;
  private readonly failures = new Map<ServiceName, number>();
  private readonly startedAt = new Map<ServiceName, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly stack: Stack,
    private readonly say: (line: string) => void,
  ) {}

  /** Watches every service of the stack from now on. */
  watchAll(): void {
    for (const name of this.stack.services.keys()) this.watch(name);
  }

  /** Stops watching and stops every service. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.stack.stop();
  }

  private watch(name: ServiceName): void {
    const child = this.stack.services.get(name)?.process;
    if (!child) return;
    this.startedAt.set(name, Date.now());
    child.once("exit", (code, signal) => {
      if (this.stopping) return;
      const upFor = Date.now() - (this.startedAt.get(name) ?? 0);
      const failures = upFor >= STABLE_MS ? 1 : (this.failures.get(name) ?? 0) + 1;
      this.failures.set(name, failures);
      const delay = restartDelayMs(failures);
      this.say(`${name} stopped unexpectedly (${signal ?? `exit ${code}`}); starting it again in ${delay / 1000} s, the others keep serving`);
      this.later(name, delay);
    });
  }

  private later(name: ServiceName, delay: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.restart(name);
    }, delay);
    this.timers.add(timer);
  }

  private async restart(name: ServiceName): Promise<void> {
    if (this.stopping) return;
    try {
      await this.stack.start(name);
    } catch (error) {
      if (this.stopping) return;
      // Not ready in time but alive: stop it, or two copies would compete for the port.
      await this.stack.kill(name, "SIGKILL");
      const failures = (this.failures.get(name) ?? 0) + 1;
      this.failures.set(name, failures);
      const delay = restartDelayMs(failures);
      this.say(`${name} did not start (${(error as Error).message.split("\n")[0]}); trying again in ${delay / 1000} s`);
      this.later(name, delay);
      return;
    }
    if (this.stopping) return;
    this.say(`${name} is running again (pid ${this.stack.services.get(name)?.process.pid})`);
    this.watch(name);
  }
}
