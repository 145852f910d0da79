// Failures that stop a service before it serves. Library code throws them; only a service's
// main.ts catches them, prints the message and picks the exit status, so that every other module
// can be loaded, tested and reused without ending the process.

/** A setting (environment variable) that is missing or wrong: exit status 78 (EX_CONFIG). */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
  constructor(
    /** the environment variable(s) at fault, for a reader of the message */
    readonly setting: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Something the service needs at start-up cannot be had (a file, a port, a database): exit status 1. */
export class StartupError extends Error {
  override readonly name = "StartupError";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The exit status for a failure at start-up: 78 for configuration, 1 for anything else. */
export function exitStatusFor(error: unknown): number {
  return error instanceof ConfigurationError ? 78 : 1;
}

/** The line a service prints on stderr when it cannot start: the message alone for a failure
 *  this project describes, the stack for anything unexpected. */
export function describeStartupFailure(service: string, error: unknown): string {
  if (error instanceof ConfigurationError || error instanceof StartupError) return `${service}: ${error.message}`;
  return `${service}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
