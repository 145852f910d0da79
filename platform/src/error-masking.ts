// Errors are part of the API: codes from this list reach clients with their message;
// anything else is logged in full and answered with a generic message, so no stack trace,
// SQL, URL or response body ever leaves the service.
import type { GraphQLFormattedError } from "graphql";

export const PUBLIC_ERROR_CODES = new Set([
  "BAD_USER_INPUT",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "PERSISTED_QUERY_HASH_MISMATCH",
  "OPERATION_RESOLUTION_FAILURE",
  "OVERLOADED",
  "SERVICE_UNAVAILABLE",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "PAYLOAD_TOO_LARGE",
  "RATE_LIMITED",
  "QUERY_TOO_COSTLY",
  "OPERATION_NOT_ALLOWED",
]);

/** Extension keys a public error may keep. */
const PUBLIC_EXTENSIONS = ["code", "field", "service", "retryAfterSeconds"];

export function maskError(formatted: GraphQLFormattedError, onHidden: (error: GraphQLFormattedError) => void): GraphQLFormattedError {
  const code = typeof formatted.extensions?.code === "string" ? formatted.extensions.code : "INTERNAL_SERVER_ERROR";
  if (!PUBLIC_ERROR_CODES.has(code)) {
    onHidden(formatted);
    return { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" }, ...(formatted.path ? { path: formatted.path } : {}) };
  }
  const extensions: Record<string, unknown> = {};
  for (const key of PUBLIC_EXTENSIONS) if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
  return { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}), extensions };
}
