import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isIdempotencyKey, SIGNATURE_KEY_MARGIN_MS, writeKey, type WriteKeyRequest } from "./write-key.js";

const request = (overrides: Partial<WriteKeyRequest> = {}): WriteKeyRequest => ({
  subject: "key:app",
  operation: "submitReview",
  input: "A fine film",
  clientKey: null,
  signed: { nonce: "abcdefghijklmnopqrstuvwx", expiresAt: 1_010_000 },
  responseKey: "submitReview",
  clientKeyTtlMs: 86_400_000,
  now: 1_000_000,
  ...overrides,
});

describe("write keys", () => {
  it("use the client's key, kept for the configured time", () => {
    const key = writeKey(request({ clientKey: "7f1c2d9e-0b7a-4c55-9a43-0d1f2e3a4b5c" }));
    expect(key).toMatchObject({ subject: "key:app", key: "7f1c2d9e-0b7a-4c55-9a43-0d1f2e3a4b5c", ttlMs: 86_400_000 });
  });

  it("without one, use the signature's nonce and the field's response name, kept until the signature expired everywhere", () => {
    expect(writeKey(request())).toMatchObject({ key: "signature/abcdefghijklmnopqrstuvwx/submitReview", ttlMs: 10_000 + SIGNATURE_KEY_MARGIN_MS });
    expect(writeKey(request({ responseKey: "second" })).key).not.toBe(writeKey(request()).key);
  });

  it("fingerprint the operation and the input: the same input gives the same fingerprint, another input or operation another", () => {
    const first = writeKey(request()).fingerprint;
    expect(writeKey(request()).fingerprint).toBe(first);
    expect(writeKey(request({ input: "A fine film!" })).fingerprint).not.toBe(first);
    expect(writeKey(request({ operation: "deleteReview" })).fingerprint).not.toBe(first);
  });

  it("accept UUIDs, ULIDs and base64url tokens of 8 to 128 characters as client keys", () => {
    for (const key of ["7f1c2d9e-0b7a-4c55-9a43-0d1f2e3a4b5c", "01HZX3K5Q8M2N4P6R8T0V2W4Y6", "order-2024:42", "a".repeat(128)]) expect(isIdempotencyKey(key), key).toBe(true);
    for (const key of ["", "short", "a".repeat(129), "has space inside", "signature/abc/def", "ключ-12345678", "key\n12345678"]) expect(isIdempotencyKey(key), key).toBe(false);
  });

  it("property: no client key is ever a signature-derived key", () => {
    fc.assert(fc.property(fc.string(), (key) => !(isIdempotencyKey(key) && key.includes("/"))));
  });
});
