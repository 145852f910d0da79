// Waiting for another process without racing the clock: poll a condition until it holds, and
// fail naming what never happened once the deadline has passed.
export type Condition = () => boolean | Promise<boolean>;

export async function pollUntil(condition: Condition, what: string, timeoutMs: number, intervalMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
