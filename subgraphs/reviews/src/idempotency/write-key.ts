// Which key makes a write happen once. A client may name its write with an idempotencyKey, kept
// for IDEMPOTENCY_KEY_TTL_HOURS: its retries (after a timeout, a lost answer, a crash between
// commit and answer) get the first answer. Without one, the write is keyed by the gateway
// signature that carried it, kept until that signature has expired everywhere: a captured signed
// request replayed on another replica or after a restart gets the first answer too, and writes
// nothing. Keys belong to the caller that used them.
import { createHash } from "node:crypto";
import type { SignedCall } from "@sentiment/platform";
import { API_LIMITS } from "@sentiment/schema";
import type { WriteKey } from "../store/review-store.js";

const { min, max } = API_LIMITS.idempotencyKey;
/** A UUID, a ULID or any base64url token fits; "/" is left out so that a client's key can never
 *  be one derived from a signature. */
const CLIENT_KEY = new RegExp(`^[A-Za-z0-9._:-]{${min},${max}}$`);

export const IDEMPOTENCY_KEY_MESSAGE = `idempotencyKey must be ${min} to ${max} characters of A-Z, a-z, 0-9, '.', '_', ':' and '-' (a UUID fits)`;

/** How long a signature-derived key outlives the signature: room for clocks of replicas that
 *  disagree by up to a minute, each of which accepts the signature until it expires by its own. */
export const SIGNATURE_KEY_MARGIN_MS = 60_000;

export function isIdempotencyKey(key: string): boolean {
  return CLIENT_KEY.test(key);
}

export interface WriteKeyRequest {
  subject: string;
  /** the mutation field, e.g. submitReview: the same key for another operation is a conflict */
  operation: string;
  /** the field's input as the client sent it */
  input: string;
  /** the client's idempotencyKey, checked with isIdempotencyKey */
  clientKey: string | null | undefined;
  signed: SignedCall;
  /** the field's response name: one signed request may carry several writes */
  responseKey: string;
  clientKeyTtlMs: number;
  now?: number;
}

export function writeKey(request: WriteKeyRequest): WriteKey {
  const fingerprint = createHash("sha256").update(`${request.operation}\n${request.input}`).digest("base64url");
  if (request.clientKey != null) return { subject: request.subject, key: request.clientKey, fingerprint, ttlMs: request.clientKeyTtlMs };
  const now = request.now ?? Date.now();
  return {
    subject: request.subject,
    key: `signature/${request.signed.nonce}/${request.responseKey}`,
    fingerprint,
    ttlMs: Math.max(0, request.signed.expiresAt - now) + SIGNATURE_KEY_MARGIN_MS,
  };
}
