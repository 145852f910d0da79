// Headers sent with every response of every service: no sniffing, no framing, no referrer leaks.
import type { ServerResponse } from "node:http";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
});

const ENTRIES = Object.entries(SECURITY_HEADERS);

/** Set before any route runs, so pages written by a custom route carry them too. */
export function setSecurityHeaders(response: ServerResponse): void {
  for (const [name, value] of ENTRIES) response.setHeader(name, value);
}
