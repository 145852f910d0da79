// Who is calling: an API key or a JWT in `Authorization: Bearer …`, or nobody (anonymous,
// a reader, when allowed). Every failure gets the same answer, so it tells an attacker nothing.
import type { IncomingMessage } from "node:http";
import { ANONYMOUS_SUBJECT, type Identity } from "@sentiment/platform/roles";
import type { ApiKeyVerifier } from "./api-keys.js";

export const ANONYMOUS: Identity = { subject: ANONYMOUS_SUBJECT, role: "reader" };

export interface Authenticator {
  apiKeys: ApiKeyVerifier;
  jwt: ((token: string) => Promise<Identity | null>) | null;
  allowAnonymous: boolean;
}

export async function authenticate(request: IncomingMessage, auth: Authenticator): Promise<Identity | null> {
  const header = request.headers.authorization;
  if (header === undefined || header === "") return auth.allowAnonymous ? ANONYMOUS : null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header);
  if (!match) return null;
  const token = match[1] as string;
  if (token.startsWith("sgk_")) return auth.apiKeys.verify(token);
  if (auth.jwt && token.split(".").length === 3) return auth.jwt(token);
  return null;
}
