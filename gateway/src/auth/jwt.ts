// JWT bearer tokens, verified with jose against a JWKS URL or one public key (PEM or JWK).
// With one key, the accepted algorithms follow from the key itself (its type and curve, or the
// JWK's `alg`), so a token can never pick an algorithm the key was not made for.
import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { type Identity, isRole, ROLES } from "@sentiment/platform";

export interface JwtSettings {
  jwksUrl?: string;
  /** a PEM public key (-----BEGIN PUBLIC KEY-----) or a public JWK as JSON */
  publicKey?: string;
  issuer?: string;
  audience?: string;
}

/** Every asymmetric algorithm jose verifies; a JWKS names each key's own. */
const JWKS_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];

const CURVE_ALGORITHM: Record<string, string> = { prime256v1: "ES256", secp384r1: "ES384", secp521r1: "ES512" };
const PSS_HASH_ALGORITHM: Record<string, string> = { sha256: "PS256", sha384: "PS384", sha512: "PS512" };

/** The algorithms a public key can verify. */
export function algorithmsForKey(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case "rsa":
      return ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];
    case "rsa-pss": {
      // An RSA-PSS key may be bound to one hash; then only that PS variant fits it.
      const hash = key.asymmetricKeyDetails?.hashAlgorithm;
      const only = hash ? PSS_HASH_ALGORITHM[hash] : undefined;
      return only ? [only] : ["PS256", "PS384", "PS512"];
    }
    case "ec": {
      const curve = key.asymmetricKeyDetails?.namedCurve ?? "unknown";
      const algorithm = CURVE_ALGORITHM[curve];
      if (!algorithm) throw new Error(`the EC curve ${curve} has no JWT algorithm (use P-256, P-384 or P-521)`);
      return [algorithm];
    }
    case "ed25519":
      return ["EdDSA", "Ed25519"];
    case "ed448":
      return ["EdDSA"];
    default:
      throw new Error(`keys of type ${key.asymmetricKeyType ?? "unknown"} cannot verify JWTs (use RSA, EC or Ed25519)`);
  }
}

/** Reads a PEM or JWK public key and the algorithms it accepts. */
export function readPublicKey(text: string): { key: KeyObject; algorithms: string[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let jwk: JsonWebKey & { alg?: unknown };
    try {
      jwk = JSON.parse(trimmed) as JsonWebKey & { alg?: unknown };
    } catch (error) {
      throw new Error("it looks like a JWK but is not valid JSON", { cause: error });
    }
    if ("d" in jwk) throw new Error("it is a private key; give the public key only");
    const key = createPublicKey({ key: jwk, format: "jwk" });
    const fitting = algorithmsForKey(key);
    if (jwk.alg === undefined) return { key, algorithms: fitting };
    if (typeof jwk.alg !== "string" || !fitting.includes(jwk.alg)) throw new Error(`its "alg" ${String(jwk.alg)} does not fit a key of type ${key.asymmetricKeyType}`);
    return { key, algorithms: [jwk.alg] };
  }
  // Environment files often carry a PEM on one line with literal \n.
  const key = createPublicKey(trimmed.replace(/\\n/g, "\n"));
  if (key.type !== "public") throw new Error("it is not a public key");
  return { key, algorithms: algorithmsForKey(key) };
}

/** The JWKS could not be fetched or read, so no token can be checked: the gateway's problem, not
 *  the caller's. Carries the JWKS host (never the full URL, which may hold a secret). */
export class KeySetUnavailableError extends Error {
  override readonly name = "KeySetUnavailableError";
  constructor(readonly jwksHost: string, cause: unknown) {
    super(`cannot fetch the JWKS from ${jwksHost}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Whether an error of jose's remote key set means the set itself could not be had (network
 *  failure, timeout, non-200 answer, malformed set) rather than that the token is wrong. jose
 *  reports the fetch failures with its base JOSEError class or lets fetch's own error through;
 *  every token problem has a JOSEError subclass of its own. */
export function isKeySetFailure(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  if (!(error instanceof errors.JOSEError)) return true;
  return error.code === errors.JOSEError.code;
}

export type JwtVerifier = (token: string) => Promise<Identity | null>;

/** The JWKS key getter, with a failure to fetch the set told apart from a bad token. */
function remoteKeySet(url: URL): JWTVerifyGetKey {
  const keySet = createRemoteJWKSet(url);
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      throw isKeySetFailure(error) ? new KeySetUnavailableError(url.host, error) : error;
    }
  };
}

/** Resolves to null when no JWT setting is given. The verifier answers null for any token that
 *  does not hold, and throws KeySetUnavailableError when the JWKS cannot be fetched. */
export async function createJwtVerifier(settings: JwtSettings): Promise<JwtVerifier | null> {
  let key: JWTVerifyGetKey | KeyObject;
  let algorithms: string[];
  if (settings.jwksUrl) {
    key = remoteKeySet(new URL(settings.jwksUrl));
    algorithms = JWKS_ALGORITHMS;
  } else if (settings.publicKey) {
    ({ key, algorithms } = readPublicKey(settings.publicKey));
  } else return null;
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        algorithms,
        ...(settings.issuer ? { issuer: settings.issuer } : {}),
        ...(settings.audience ? { audience: settings.audience } : {}),
        requiredClaims: ["sub", "exp"],
      });
      const claimed = Array.isArray(payload.roles) ? payload.roles : [payload.role];
      const roles = claimed.filter(isRole);
      if (roles.length === 0 || typeof payload.sub !== "string" || payload.sub === "") return null;
      const role = roles.reduce((best, r) => (ROLES.indexOf(r) > ROLES.indexOf(best) ? r : best));
      return { subject: `jwt:${payload.sub}`, role };
    } catch (error) {
      if (error instanceof KeySetUnavailableError) throw error;
      // Any other failure is the token's (expired, forged, wrong key or claims); the caller
      // answers them all alike, so an attacker learns nothing.
      return null;
    }
  };
}
