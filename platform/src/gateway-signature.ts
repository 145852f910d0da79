// How a subgraph knows a request comes from the gateway: the gateway signs the caller's
// identity, the request id and an expiry with a secret it shares with that subgraph alone.
// A subgraph trusts identity headers only under a valid, unexpired signature.
import { createHmac, timingSafeEqual } from "node:crypto";
import { isRole, type Identity } from "./roles.js";

export const SIGNATURE_HEADERS = {
  subject: "x-caller-subject",
  role: "x-caller-role",
  expires: "x-gateway-expires",
  signature: "x-gateway-signature",
} as const;

/** Long enough to cover a slow subgraph call, short enough that a leaked header is soon useless. */
const VALIDITY_MS = 30_000;

function mac(secret: string, identity: Identity, expires: string, requestId: string): string {
  return createHmac("sha256", secret).update(`${identity.subject}\n${identity.role}\n${expires}\n${requestId}`).digest("base64url");
}

export function signForSubgraph(secret: string, identity: Identity, requestId: string, now = Date.now()): Record<string, string> {
  const expires = String(now + VALIDITY_MS);
  return {
    [SIGNATURE_HEADERS.subject]: identity.subject,
    [SIGNATURE_HEADERS.role]: identity.role,
    [SIGNATURE_HEADERS.expires]: expires,
    [SIGNATURE_HEADERS.signature]: mac(secret, identity, expires, requestId),
  };
}

type HeaderValue = string | string[] | undefined;

/** The caller's identity when the signature is valid and unexpired, otherwise null. */
export function verifyFromGateway(secret: string, headers: Record<string, HeaderValue>, requestId: string, now = Date.now()): Identity | null {
  const one = (name: string) => {
    const value = headers[name];
    return typeof value === "string" ? value : undefined;
  };
  const subject = one(SIGNATURE_HEADERS.subject);
  const role = one(SIGNATURE_HEADERS.role);
  const expires = one(SIGNATURE_HEADERS.expires);
  const signature = one(SIGNATURE_HEADERS.signature);
  if (!subject || !isRole(role) || !expires || !signature || !/^\d{1,16}$/.test(expires)) return null;
  if (Number(expires) < now || Number(expires) > now + 2 * VALIDITY_MS) return null;
  const expected = Buffer.from(mac(secret, { subject, role }, expires, requestId));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { subject, role };
}
