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

/** The caller's identity; null for missing or invalid credentials; a refusal when the
 *  credentials cannot be checked right now. */
export type Authentication = { identity: Identity } | { reject: Refusal } | null;

export async function authenticate(request: IncomingMessage, auth: Authenticator): Promise<Authentication> {
  try {
    const identity = await identify(request, auth);
    return identity && { identity };
  } catch (error) {
    if (!(error instanceof KeySetUnavailableError)) throw error;
    auth.logger.warn({ jwksHost: error.jwksHost, err: error.cause }, "cannot verify a JWT: the JWKS cannot be fetched; answering SERVICE_UNAVAILABLE");
    return { reject: tokensUnverifiable() };
  }
}

async function identify(request: IncomingMessage, auth: Authenticator): Promise<Identity | null> {
  const header = request.headers.authorization;
  if (header === undefined || header === "") return auth.allowAnonymous ? ANONYMOUS : null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header);
  if (!match) return null;
  const token = match[1] as string;
  if (token.startsWith("sgk_")) return auth.apiKeys.verify(token);
  if (auth.jwt && token.split(".").length === 3) return auth.jwt(token);
  return null;
}
