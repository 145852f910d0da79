// How a subgraph knows a request comes from the gateway: the gateway signs the caller's
// identity, the request id, the HTTP method, path and a digest of the body, a nonce and a
// short expiry with a secret it shares with that subgraph alone. A subgraph trusts identity
// headers only under a valid, unexpired signature of exactly the request it received, and
// accepts each signature once (see replay-guard.ts): captured headers are worth nothing with
// another body, and nothing a second time.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { isRole, type Identity } from "./authorization/roles.js";

export const SIGNATURE_HEADERS = {
  subject: "x-caller-subject",
  role: "x-caller-role",
  expires: "x-gateway-expires",
  nonce: "x-gateway-nonce",
  signature: "x-gateway-signature",
} as const;

/** Covers the trip from the gateway to the subgraph and modest clock skew between hosts; the
 *  subgraph's work after arrival does not count against it. */
export const SIGNATURE_VALIDITY_MS = 10_000;

/** What is signed besides the identity: exactly the request the subgraph will receive. */
export interface SignedRequest {
  method: string;
  /** path and query string, as in the request line */
  path: string;
  body: Uint8Array | string;
  requestId: string;
}

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const VERSION = "sgw2";

/** Header values must be Latin-1; a subject may be any text (a JWT `sub` such as 张伟). */
function encodeSubject(subject: string): string {
  return encodeURIComponent(subject);
}

function decodeSubject(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function digest(body: Uint8Array | string): string {
  return createHash("sha256").update(body).digest("base64url");
}

function mac(secret: string, fields: { subject: string; role: string; expires: string; nonce: string }, request: SignedRequest): string {
  // Every field is free of newlines (encoded subject, role name, digits, base64url, request-id
  // token, HTTP method and path), so the joined text is unambiguous.
  const text = [VERSION, request.method.toUpperCase(), request.path, digest(request.body), fields.subject, fields.role, request.requestId, fields.expires, fields.nonce].join("\n");
  return createHmac("sha256", secret).update(text).digest("base64url");
}

export function signForSubgraph(secret: string, identity: Identity, request: SignedRequest, now = Date.now(), nonce = randomBytes(18).toString("base64url")): Record<string, string> {
  const fields = { subject: encodeSubject(identity.subject), role: identity.role, expires: String(now + SIGNATURE_VALIDITY_MS), nonce };
  return {
    [SIGNATURE_HEADERS.subject]: fields.subject,
    [SIGNATURE_HEADERS.role]: fields.role,
    [SIGNATURE_HEADERS.expires]: fields.expires,
    [SIGNATURE_HEADERS.nonce]: fields.nonce,
    [SIGNATURE_HEADERS.signature]: mac(secret, fields, request),
  };
}

type HeaderValue = string | string[] | undefined;

export type Verification =
  | { ok: true; identity: Identity; signature: string; nonce: string; expiresAt: number }
  | { ok: false; reason: "missing" | "malformed" | "expired" | "mismatch" };

/** Checks a request's signature; the identity it carries when valid and unexpired. */
export function verifyFromGateway(secret: string, headers: Record<string, HeaderValue>, request: SignedRequest, now = Date.now()): Verification {
  const one = (name: string) => {
    const value = headers[name];
    return typeof value === "string" ? value : undefined;
  };
  const subject = one(SIGNATURE_HEADERS.subject);
  const role = one(SIGNATURE_HEADERS.role);
  const expires = one(SIGNATURE_HEADERS.expires);
  const nonce = one(SIGNATURE_HEADERS.nonce);
  const signature = one(SIGNATURE_HEADERS.signature);
  if (!subject || !role || !expires || !nonce || !signature) return { ok: false, reason: "missing" };
  const decodedSubject = decodeSubject(subject);
  if (!isRole(role) || decodedSubject === null || !/^\d{1,16}$/.test(expires) || !NONCE.test(nonce)) return { ok: false, reason: "malformed" };
  const expiresAt = Number(expires);
  if (expiresAt < now || expiresAt > now + 2 * SIGNATURE_VALIDITY_MS) return { ok: false, reason: "expired" };
  const expected = Buffer.from(mac(secret, { subject, role, expires, nonce }, request));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "mismatch" };
  return { ok: true, identity: { subject: decodedSubject, role }, signature, nonce, expiresAt };
}
