// JWT bearer tokens, verified with jose against a JWKS URL or a PEM public key.
import { createRemoteJWKSet, importSPKI, jwtVerify, type JWTVerifyGetKey, type CryptoKey, type KeyObject } from "jose";
import { ROLES, isRole, type Identity } from "@sentiment/platform/roles";

export interface JwtSettings {
  jwksUrl?: string;
  publicKeyPem?: string;
  issuer?: string;
  audience?: string;
}

const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"];

export async function createJwtVerifier(settings: JwtSettings): Promise<((token: string) => Promise<Identity | null>) | null> {
  let key: JWTVerifyGetKey | CryptoKey | KeyObject;
  if (settings.jwksUrl) key = createRemoteJWKSet(new URL(settings.jwksUrl));
  else if (settings.publicKeyPem) {
    const pem = settings.publicKeyPem.replace(/\\n/g, "\n");
    const algorithm = /BEGIN PUBLIC KEY/.test(pem) && pem.length < 300 ? "ES256" : "RS256";
    key = await importSPKI(pem, algorithm);
  } else return null;
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        algorithms: ALGORITHMS,
        ...(settings.issuer ? { issuer: settings.issuer } : {}),
        ...(settings.audience ? { audience: settings.audience } : {}),
        requiredClaims: ["sub", "exp"],
      });
      const claimed = Array.isArray(payload.roles) ? payload.roles : [payload.role];
      const roles = claimed.filter(isRole);
      if (roles.length === 0 || typeof payload.sub !== "string") return null;
      const role = roles.reduce((best, r) => (ROLES.indexOf(r) > ROLES.indexOf(best) ? r : best));
      return { subject: `jwt:${payload.sub}`, role };
    } catch {
      return null;
    }
  };
}
