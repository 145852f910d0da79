// Who is calling: an API key or a JWT in `Authorization: Bearer …`, or nobody (anonymous,
// a reader, when allowed). Every failure of the credentials gets the same answer, so it tells an
// attacker nothing; a JWKS that cannot be fetched is not the caller's failure and is answered
// as such.
import type { IncomingMessage } from "node:http";
import { ANONYMOUS_SUBJECT, type Identity, type Logger, type Refusal, tokensUnverifiable } from "@sentiment/platform";
import type { ApiKeyVerifier } from "./api-keys.js";
import { KeySetUnavailableError, type JwtVerifier } from "./jwt.js";

export const ANONYMOUS: Identity = { subject: ANONYMOUS_SUBJECT, role: "reader" };

export interface Authenticator {
  apiKeys: ApiKeyVerifier;
  jwt: JwtVerifier | null;
  allowAnonymous: boolean;
  logger: Logger;
}

/** Why credentials were not accepted: none sent (where anonymous callers are not allowed; not
 *  a failure anybody is counted for), an Authorization header of the wrong form, or a
 *  well-formed key or token that does not verify. */
export type AuthFailure = "missing" | "malformed" | "invalid_api_key" | "invalid_jwt";

/** The caller's identity; why the credentials were not accepted; or a refusal when they cannot
 *  be checked right now. */
export type Authentication = { identity: Identity } | { failure: AuthFailure } | { reject: Refusal };

export async function authenticate(request: IncomingMessage, auth: Authenticator): Promise<Authentication> {
  try {
    return await identify(request, auth);
  } catch (error) {
    if (!(error instanceof KeySetUnavailableError)) throw error;
    auth.logger.warn({ jwksHost: error.jwksHost, err: error.cause }, "cannot verify a JWT: the JWKS cannot be fetched; answering SERVICE_UNAVAILABLE");
    return { reject: tokensUnverifiable() };
  }
}

async function identify(request: IncomingMessage, auth: Authenticator): Promise<Exclude<Authentication, { reject: Refusal }>> {
  const header = request.headers.authorization;
  if (header === undefined || header === "") return auth.allowAnonymous ? { identity: ANONYMOUS } : { failure: "missing" };
  const token = bearerToken(header);
  if (token === null) return { failure: "malformed" };
  if (token.startsWith("sgk_")) {
    const identity = auth.apiKeys.verify(token);
    return identity ? { identity } : { failure: "invalid_api_key" };
  }
  if (auth.jwt && token.split(".").length === 3) {
    const identity = await auth.jwt(token);
    return identity ? { identity } : { failure: "invalid_jwt" };
  }
  return { failure: "malformed" };
}

// The scheme is case-insensitive and may be followed by several spaces (RFC 9110, 11.1 and 11.4).
const BEARER = /^bearer +([A-Za-z0-9._~+/=-]{1,4096})$/i;

/** The token of an `Authorization: Bearer …` header, or null when the header has another form. */
export function bearerToken(header: string): string | null {
  return BEARER.exec(header)?.[1] ?? null;
}

/** Whether the request presents credentials at all: a request without (an anonymous read, a
 *  CORS preflight) can fail nothing and is never counted as a failure. */
export function presentsCredentials(request: IncomingMessage): boolean {
  const header = request.headers.authorization;
  return header !== undefined && header !== "";
}
