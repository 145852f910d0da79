// The baseline's programs take their port from PORT, set by bench/vanilla/stack.ts.
export function portFromEnv(): number {
  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`PORT must be a TCP port, got "${process.env.PORT ?? ""}"`);
  return port;
}
