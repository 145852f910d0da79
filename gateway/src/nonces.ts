// Nonces for the subgraph signatures, cut from one random read per 256 of them: every subgraph
// call needs one, and each randomBytes() call is a trip into OpenSSL (3 % of the gateway's CPU in
// profiles when made per call). Node's randomUUID() pools its randomness the same way.
import { randomBytes } from "node:crypto";

/** Bytes of randomness per nonce: 24 base64url characters, within the 16-64 a subgraph accepts. */
const NONCE_BYTES = 18;

export function nonceSource(perRead = 256): () => string {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + NONCE_BYTES > pool.length) {
      pool = randomBytes(NONCE_BYTES * perRead);
      offset = 0;
    }
    const nonce = pool.toString("base64url", offset, offset + NONCE_BYTES);
    offset += NONCE_BYTES;
    return nonce;
  };
}
