// What every service's main.ts does with its start function: start it, wait until it has stopped,
// and say with which exit status. The status is returned, not used: ending the process stays the
// decision of main.ts alone.
import { describeStartupFailure, exitStatusFor } from "./errors/startup.js";
import type { RunningService } from "./lifecycle.js";

/** Resolves to 78 when the configuration is wrong, 1 when something else stopped the start
 *  (the reason printed on stderr), or the status the service's graceful stop reports. */
export async function runService(name: string, start: () => Promise<RunningService>, stderr: (line: string) => void = (line) => process.stderr.write(line)): Promise<number> {
  let running: RunningService;
  try {
    running = await start();
  } catch (error) {
    stderr(`${describeStartupFailure(name, error)}\n`);
    return exitStatusFor(error);
  }
  return running.stopped;
}
