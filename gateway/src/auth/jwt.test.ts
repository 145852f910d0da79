import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { errors, exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { ApiKeyVerifier } from "./api-keys.js";
import { authenticate, type Authenticator } from "./authenticate.js";
import { KeySetUnavailableError, createJwtVerifier, isKeySetFailure } from "./jwt.js";

const ALGORITHMS = ["RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"] as const;

async function pair(alg: string) {
  return generateKeyPair(alg, { extractable: true, ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}) });
}

const token = (key: CryptoKey | KeyObject, alg: string, claims: Record<string, unknown> = { role: "writer" }, subject = "user-42") =>
  new SignJWT(claims).setProtectedHeader({ alg }).setSubject(subject).setExpirationTime("5m").sign(key);

describe("JWT verification with one public key", () => {
  it.each(ALGORITHMS)("accepts %s tokens with the key's PEM, choosing the algorithm from the key type", async (alg) => {
    const { publicKey, privateKey } = await pair(alg);
    const verify = await createJwtVerifier({ publicKey: await exportSPKI(publicKey) });
    expect(await verify?.(await token(privateKey, alg))).toEqual({ subject: "jwt:user-42", role: "writer" });
  });

  it("accepts a PEM given on one line with literal \\n, as environment files carry it", async () => {
    const { publicKey, privateKey } = await pair("ES384");
    const oneLine = (await exportSPKI(publicKey)).replace(/\n/g, "\\n");
    const verify = await createJwtVerifier({ publicKey: oneLine });
    expect(await verify?.(await token(privateKey, "ES384"))).not.toBeNull();
  });

  it("accepts a JWK and holds tokens to its alg", async () => {
    // A Node key object signs with either RSA scheme, which a WebCrypto key would not.
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const verify = await createJwtVerifier({ publicKey: JSON.stringify({ ...publicKey.export({ format: "jwk" }), alg: "PS256" }) });
    expect(await verify?.(await token(privateKey, "PS256"))).not.toBeNull();
    // The same RSA key could sign RS256, but this JWK says PS256 only.
    expect(await verify?.(await token(privateKey, "RS256"))).toBeNull();
  });

  it("refuses a token whose algorithm does not fit the key", async () => {
    const p256 = await pair("ES256");
    const p384 = await pair("ES384");
    const verify = await createJwtVerifier({ publicKey: await exportSPKI(p256.publicKey) });
    expect(await verify?.(await token(p384.privateKey, "ES384"))).toBeNull();
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"x","role":"admin","exp":9999999999}').toString("base64url")}.`;
    expect(await verify?.(unsigned)).toBeNull();
  });

  it("refuses a private JWK and a JWK whose alg does not fit its key", async () => {
    const { publicKey, privateKey } = await pair("ES256");
    await expect(createJwtVerifier({ publicKey: JSON.stringify(await exportJWK(privateKey)) })).rejects.toThrow(/private key/);
    await expect(createJwtVerifier({ publicKey: JSON.stringify({ ...(await exportJWK(publicKey)), alg: "RS256" }) })).rejects.toThrow(/does not fit/);
  });

  it("keeps a subject outside Latin-1 as it is", async () => {
    const { publicKey, privateKey } = await pair("RS256");
    const verify = await createJwtVerifier({ publicKey: await exportSPKI(publicKey) });
    expect(await verify?.(await token(privateKey, "RS256", { role: "reader" }, "张伟"))).toEqual({ subject: "jwt:张伟", role: "reader" });
  });
});

describe("JWT verification against a JWKS that cannot be fetched", () => {
  it("tells a key set that could not be had from a token that does not hold", () => {
    const fetchFailed = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }) });
    for (const outage of [fetchFailed, new errors.JWKSTimeout(), new errors.JOSEError("Expected 200 OK from the JSON Web Key Set HTTP response"), new errors.JWKSInvalid()]) {
      expect(isKeySetFailure(outage), outage.message).toBe(true);
    }
    for (const badToken of [new errors.JWKSNoMatchingKey(), new errors.JWSSignatureVerificationFailed(), new errors.JOSEAlgNotAllowed("alg"), new errors.JWSInvalid("invalid")]) {
      expect(isKeySetFailure(badToken), badToken.message).toBe(false);
    }
  });

  it("answers SERVICE_UNAVAILABLE, not bad credentials, and logs the JWKS host", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => lines.push(line) });
    const outage = new KeySetUnavailableError("keys.example.test", new TypeError("fetch failed"));
    const auth: Authenticator = { apiKeys: {} as ApiKeyVerifier, jwt: async () => Promise.reject(outage), allowAnonymous: false, logger };
    const request = { headers: { authorization: "Bearer aaa.bbb.ccc" } } as IncomingMessage;

    expect(await authenticate(request, auth)).toEqual({ reject: expect.objectContaining({ status: 503, code: "SERVICE_UNAVAILABLE", message: "Cannot verify tokens right now; retry shortly" }) });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 40, jwksHost: "keys.example.test" });
  });
});
