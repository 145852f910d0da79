// Errors are part of the API: codes from codes.ts reach clients with their message; anything
// else is logged in full and answered with a generic message, so no stack trace, SQL, URL or
// response body ever leaves the service.
import type { GraphQLFormattedError } from "graphql";
import { INTERNAL_SERVER_ERROR, PUBLIC_EXTENSIONS, isPublicErrorCode } from "./codes.js";

export function maskError(formatted: GraphQLFormattedError, onHidden: (error: GraphQLFormattedError) => void): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (!isPublicErrorCode(code)) {
    onHidden(formatted);
    return { message: "Internal server error", extensions: { code: INTERNAL_SERVER_ERROR }, ...(formatted.path ? { path: formatted.path } : {}) };
  }
  const extensions: Record<string, unknown> = {};
  for (const key of PUBLIC_EXTENSIONS) if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
  return { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}), extensions };
}
