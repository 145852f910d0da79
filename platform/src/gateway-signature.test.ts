import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SIGNATURE_HEADERS, SIGNATURE_VALIDITY_MS, signForSubgraph, verifyFromGateway, type SignedRequest } from "./gateway-signature.js";
import { ReplayGuard } from "./replay-guard.js";
import type { Identity } from "./authorization/roles.js";

const SECRET = "a-secret-shared-by-the-gateway-and-one-subgraph";
const NOW = 1_800_000_000_000;
const admin = { subject: "apikey:0badc0de", role: "admin" } as const;
const read: SignedRequest = { method: "POST", path: "/graphql", body: '{"query":"{ review(id: \\"x\\") { id } }"}', requestId: "req-1" };

describe("gateway signatures", () => {
  it("verify for the request they were made for and carry the caller", () => {
    const headers = signForSubgraph(SECRET, admin, read, NOW);
    expect(verifyFromGateway(SECRET, headers, read, NOW + 50)).toMatchObject({ ok: true, identity: admin });
  });

  it("do not verify for another body, method, path or request id", () => {
    const headers = signForSubgraph(SECRET, admin, read, NOW);
    const others: SignedRequest[] = [
      { ...read, body: '{"query":"mutation { deleteReview(id: \\"x\\") }"}' },
      { ...read, body: `${read.body as string} ` },
      { ...read, method: "GET" },
      { ...read, path: "/graphql?x=1" },
      { ...read, requestId: "req-2" },
    ];
    for (const other of others) expect(verifyFromGateway(SECRET, headers, other, NOW)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("bind the body by its bytes, whether given as text or as a buffer", () => {
    const headers = signForSubgraph(SECRET, admin, read, NOW);
    expect(verifyFromGateway(SECRET, headers, { ...read, body: Buffer.from(read.body as string) }, NOW).ok).toBe(true);
  });

  it("do not verify with another secret or an altered identity", () => {
    const headers = signForSubgraph(SECRET, { subject: "apikey:0badc0de", role: "reader" }, read, NOW);
    expect(verifyFromGateway(`${SECRET}!`, headers, read, NOW).ok).toBe(false);
    expect(verifyFromGateway(SECRET, { ...headers, [SIGNATURE_HEADERS.role]: "admin" }, read, NOW)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyFromGateway(SECRET, { ...headers, [SIGNATURE_HEADERS.subject]: "apikey:other" }, read, NOW)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("expire after ten seconds and refuse an expiry set far ahead", () => {
    const headers = signForSubgraph(SECRET, admin, read, NOW);
    expect(verifyFromGateway(SECRET, headers, read, NOW + SIGNATURE_VALIDITY_MS + 1)).toEqual({ ok: false, reason: "expired" });
    const farAhead = signForSubgraph(SECRET, admin, read, NOW + 5 * SIGNATURE_VALIDITY_MS);
    expect(verifyFromGateway(SECRET, farAhead, read, NOW)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuse missing and malformed headers", () => {
    const headers = signForSubgraph(SECRET, admin, read, NOW);
    expect(verifyFromGateway(SECRET, {}, read, NOW)).toEqual({ ok: false, reason: "missing" });
    expect(verifyFromGateway(SECRET, { ...headers, [SIGNATURE_HEADERS.nonce]: "short" }, read, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyFromGateway(SECRET, { ...headers, [SIGNATURE_HEADERS.role]: "root" }, read, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyFromGateway(SECRET, { ...headers, [SIGNATURE_HEADERS.subject]: "%E0%A4%A" }, read, NOW)).toEqual({ ok: false, reason: "malformed" });
  });

  it("carry a subject outside Latin-1 in header-safe form", () => {
    const headers = signForSubgraph(SECRET, { subject: "jwt:张伟", role: "writer" }, read, NOW);
    for (const value of Object.values(headers)) expect(value).toMatch(/^[\x21-\x7e]+$/);
    expect(verifyFromGateway(SECRET, headers, read, NOW)).toMatchObject({ ok: true, identity: { subject: "jwt:张伟", role: "writer" } });
  });

  it("differ for every request, even the same one signed twice", () => {
    const first = signForSubgraph(SECRET, admin, read, NOW);
    const second = signForSubgraph(SECRET, admin, read, NOW);
    expect(first[SIGNATURE_HEADERS.signature]).not.toBe(second[SIGNATURE_HEADERS.signature]);
  });
});

describe("the replay guard", () => {
  it("accepts a signature once", () => {
    const guard = new ReplayGuard();
    expect(guard.firstUse("sig-a", NOW + 1000, NOW)).toBe(true);
    expect(guard.firstUse("sig-a", NOW + 1000, NOW + 10)).toBe(false);
    expect(guard.firstUse("sig-b", NOW + 1000, NOW + 10)).toBe(true);
  });

  it("forgets signatures once they have expired", () => {
    const guard = new ReplayGuard();
    guard.firstUse("sig-a", NOW + 1000, NOW);
    guard.firstUse("sig-b", NOW + 5000, NOW);
    guard.firstUse("sig-c", NOW + 9000, NOW + 3000);
    expect(guard.size).toBe(2);
  });

  it("refuses rather than forgets when full of unexpired signatures", () => {
    const guard = new ReplayGuard(2);
    expect(guard.firstUse("sig-a", NOW + 5000, NOW)).toBe(true);
    expect(guard.firstUse("sig-b", NOW + 5000, NOW)).toBe(true);
    expect(guard.firstUse("sig-c", NOW + 5000, NOW)).toBe(false);
  });
});

describe("gateway signatures, for any request", () => {
  const requests = fc.record({
    method: fc.constantFrom("GET", "POST"),
    path: fc.stringMatching(/^\/[!-~]{0,40}$/),
    body: fc.string({ maxLength: 200 }),
    requestId: fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/),
  });
  const identities = fc.record({ subject: fc.string({ minLength: 1, maxLength: 40 }), role: fc.constantFrom("reader", "writer", "admin") }) as fc.Arbitrary<Identity>;

  it("refuse the signature once the method, path, body or request id is changed", () => {
    fc.assert(
      fc.property(identities, requests, fc.constantFrom("method", "path", "body", "requestId"), fc.string({ minLength: 1, maxLength: 8 }), (identity, request, field, extra) => {
        const headers = signForSubgraph(SECRET, identity, request, NOW);
        const tampered = { ...request, [field]: field === "method" ? (request.method === "GET" ? "POST" : "GET") : `${request[field]}${extra}` };
        expect(verifyFromGateway(SECRET, headers, tampered, NOW)).toEqual({ ok: false, reason: "mismatch" });
      }),
    );
  });

  it("refuse a signature with any one character changed", () => {
    fc.assert(
      fc.property(identities, requests, fc.nat(), fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), (identity, request, at, replacement) => {
        const headers = signForSubgraph(SECRET, identity, request, NOW);
        const signature = headers[SIGNATURE_HEADERS.signature] as string;
        const index = at % signature.length;
        fc.pre(signature[index] !== replacement);
        const forged = `${signature.slice(0, index)}${replacement}${signature.slice(index + 1)}`;
        expect(verifyFromGateway(SECRET, { ...headers, [SIGNATURE_HEADERS.signature]: forged }, request, NOW)).toEqual({ ok: false, reason: "mismatch" });
      }),
    );
  });

  it("refuse an expiry moved to keep a signature alive longer", () => {
    fc.assert(
      fc.property(identities, requests, fc.integer({ min: 1, max: SIGNATURE_VALIDITY_MS }), (identity, request, extension) => {
        const headers = signForSubgraph(SECRET, identity, request, NOW);
        const later = String(Number(headers[SIGNATURE_HEADERS.expires]) + extension);
        expect(verifyFromGateway(SECRET, { ...headers, [SIGNATURE_HEADERS.expires]: later }, request, NOW)).toEqual({ ok: false, reason: "mismatch" });
      }),
    );
  });

  it("refuse a signature presented after its expiry", () => {
    fc.assert(
      fc.property(identities, requests, fc.integer({ min: 1, max: 365 * 24 * 3600 * 1000 }), (identity, request, late) => {
        const headers = signForSubgraph(SECRET, identity, request, NOW);
        expect(verifyFromGateway(SECRET, headers, request, NOW + SIGNATURE_VALIDITY_MS + late)).toEqual({ ok: false, reason: "expired" });
      }),
    );
  });

  it("verify a valid signature for its caller, and the replay guard accepts it only once", () => {
    fc.assert(
      fc.property(identities, requests, fc.integer({ min: 0, max: SIGNATURE_VALIDITY_MS }), (identity, request, delay) => {
        const guard = new ReplayGuard();
        const headers = signForSubgraph(SECRET, identity, request, NOW);
        const verification = verifyFromGateway(SECRET, headers, request, NOW + delay);
        if (!verification.ok) throw new Error(`refused: ${verification.reason}`);
        expect(verification.identity).toEqual(identity);
        expect(guard.firstUse(verification.signature, verification.expiresAt, NOW + delay)).toBe(true);
        expect(guard.firstUse(verification.signature, verification.expiresAt, NOW + delay)).toBe(false);
      }),
    );
  });
});
