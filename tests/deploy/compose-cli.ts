// docker and docker compose as the deployment smoke test drives them: every command's output is
// kept for the failure message, and every wait has a deadline.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type Service = "postgres" | "reviews" | "ml" | "gateway";
export const APP_SERVICES = ["reviews", "ml", "gateway"] as const;
/** the port each service's /readyz answers on inside its container */
export const SERVICE_PORTS: Record<(typeof APP_SERVICES)[number], number> = { reviews: 4001, ml: 4002, gateway: 4000 };

export class CommandError extends Error {
  override name = "CommandError";
}

export function run(command: string, args: string[], options: { timeoutMs?: number; inherit?: boolean } = {}): string {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    timeout: options.timeoutMs ?? 600_000,
    stdio: options.inherit ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new CommandError(`${command} ${args.join(" ")}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-40).join("\n");
    throw new CommandError(`${command} ${args.join(" ")} exited with ${result.status}\n${output}`);
  }
  return result.stdout ?? "";
}

/** `docker compose` (v2) when the plugin is there, else the standalone `docker-compose` (v1). */
function composeBinary(): [string, ...string[]] {
  const plugin = spawnSync("docker", ["compose", "version"], { stdio: "ignore" });
  return plugin.status === 0 ? ["docker", "compose"] : ["docker-compose"];
}

export interface ComposeProject {
  name: string;
  /** the command line that addresses this project, as words: binary, then its options */
  commandLine: string[];
  /** runs a compose sub-command for this project and returns its standard output */
  compose(args: string[], options?: { timeoutMs?: number; inherit?: boolean }): string;
  containerId(service: Service): string;
}

export function composeProject(root: string, name: string, envFile: string): ComposeProject {
  const [binary, ...prefix] = composeBinary();
  const base = [...prefix, "-p", name, "--env-file", envFile, "-f", join(root, "deploy/compose.yaml")];
  const compose = (args: string[], options?: { timeoutMs?: number; inherit?: boolean }) => run(binary, [...base, ...args], options);
  return {
    name,
    commandLine: [binary, ...base],
    compose,
    containerId(service) {
      // docker's own labels rather than `compose ps -q`: docker-compose v1 takes half a second to start.
      const labels = [`com.docker.compose.project=${name}`, `com.docker.compose.service=${service}`, "com.docker.compose.oneoff=False"];
      const ids = run("docker", ["ps", "-aq", ...labels.flatMap((label) => ["--filter", `label=${label}`])]).trim().split("\n").filter(Boolean);
      if (ids.length !== 1) throw new CommandError(`expected one container for ${service} in project ${name}, found ${ids.length}`);
      return ids[0] as string;
    },
  };
}

export function inspect(container: string, format: string): string {
  return run("docker", ["inspect", "-f", format, container]).trim();
}

export async function until<T>(what: string, deadlineMs: number, probe: () => Promise<T | undefined> | T | undefined, everyMs = 250): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export async function allHealthy(project: ComposeProject, deadlineMs: number): Promise<void> {
  const services: Service[] = ["postgres", ...APP_SERVICES];
  await until(`every service healthy (${services.join(", ")})`, deadlineMs, () => {
    const states = services.map((service) => inspect(project.containerId(service), "{{.State.Health.Status}}"));
    return states.every((state) => state === "healthy") ? true : undefined;
  }, 500);
}

/**
 * Milliseconds from the container's start to its service answering /readyz with 200, polled
 * from inside the container (subgraph ports are not published) every 20 ms and timed by the
 * container's clock, which is the host's. An upper bound when `docker exec` itself starts late.
 */
export function readyAfterStartMs(container: string, port: number, deadlineSeconds = 30): number {
  const probe = `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET /readyz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '`;
  const loop = `end=$((SECONDS + ${deadlineSeconds})); until (${probe}) 2>/dev/null; do [ $SECONDS -lt $end ] || exit 1; sleep 0.02; done; date +%s%3N`;
  const readyAt = Number(run("docker", ["exec", container, "bash", "-c", loop]).trim());
  const startedAt = Date.parse(inspect(container, "{{.State.StartedAt}}"));
  return readyAt - startedAt;
}

/** everything the container wrote, standard output and error together */
export function containerLogs(container: string): string {
  const result = spawnSync("docker", ["logs", container], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return `${result.stdout ?? ""}${result.stderr ?? ""}`;
}

export function imageSizeBytes(image: string): number {
  return Number(execFileSync("docker", ["image", "inspect", "-f", "{{.Size}}", image], { encoding: "utf8" }).trim());
}

/** Records a passed check's figures in tests/output/<name>.json and prints them on one line. */
export function reportPassed(root: string, name: string, label: string, figures: Record<string, number | string>, started: number): void {
  figures["total s"] = Math.round((Date.now() - started) / 1000);
  mkdirSync(join(root, "tests/output"), { recursive: true });
  writeFileSync(join(root, `tests/output/${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`\n${label} passed: ${Object.entries(figures).map(([k, v]) => `${k} ${v}`).join(", ")}\n`);
}

/** Runs a check: any failure prints "<label> FAILED: …" and exits 1, which CI reads as red. */
export function runCheck(label: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`\n${label} FAILED: ${(error as Error).message}\n`);
    process.exit(1);
  });
}

/** A check's assertion: its message is what the failed run prints. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** One named step of a check, printed with how long it took. */
export async function step<T>(name: string, action: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  process.stdout.write(`-- ${name}\n`);
  const result = await action();
  process.stdout.write(`   ok (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return result;
}
