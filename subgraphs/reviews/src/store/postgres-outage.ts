// Which PostgreSQL errors mean "the database cannot be reached" (answer SERVICE_UNAVAILABLE and
// recover by itself) rather than a bug (answer INTERNAL_SERVER_ERROR and log it).
import pg from "pg";

/** SQLSTATE classes and codes of a lost or refused connection, a shutdown or an overload. */
const OUTAGE_STATES = /^(08...|57P0[1-3]|53300)$/;

/** Socket-level failures on the way to the server. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

export function isOutage(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return OUTAGE_STATES.test(error.code ?? "");
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return NETWORK_CODES.has(code);
  // pg reports a dropped connection, a connect timeout or a query timeout with plain Errors
  // that carry no code ("Connection terminated unexpectedly", "timeout exceeded when trying to
  // connect", "Query read timeout", "Client has encountered a connection error …").
  return error instanceof Error && /connection|terminated|timeout/i.test(error.message);
}
