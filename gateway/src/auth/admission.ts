// Whether a request may go on, before anything of it is parsed: who is calling, and whether a
// limit stands in the way. Failed authentications are counted per presented credential and per
// client address, and only for requests that present credentials (an anonymous read or a CORS
// preflight fails nothing). They never stand in the way of valid credentials, which are always
// verified first: a credential that keeps failing is answered 429 (stop, retry later) instead
// of 401, and an address that keeps failing has its further failures answered late, while
// every valid key from the same address (users behind one NAT or proxy) is answered at once.
// Valid credentials cost no store look-up beyond the request limits.
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { Counter, Gauge, type Registry } from "prom-client";
import { type Admission, credentialsRefused, failedAuthenticationsLimited, rateLimited } from "@sentiment/platform";
import { clientAddress, type ForwardedHeader, limitKeyOf, type TrustedProxies } from "../client-address.js";
import type { FailureDelay } from "../limits/failure-delay.js";
import type { RateLimiter } from "../limits/rate-limit.js";
import { authenticate, type Authenticator, bearerToken, presentsCredentials } from "./authenticate.js";

export interface AdmissionSettings {
  authenticator: Authenticator;
  limits: RateLimiter;
  failureDelay: FailureDelay;
  trustedProxies: TrustedProxies;
  forwardedHeader: ForwardedHeader;
  registry: Registry;
}

/** What a presented credential is counted under: never the credential itself. */
const fingerprintOf = (header: string) => createHash("sha256").update(header).digest("base64url").slice(0, 22);

export function createAdmission(settings: AdmissionSettings): (request: IncomingMessage) => Promise<Admission> {
  const { authenticator, limits, failureDelay } = settings;
  const failures = new Counter({
    name: "auth_failures_total",
    help: "requests refused for their credentials, by reason (missing: none sent where anonymous callers are not allowed; not counted against anybody)",
    labelNames: ["reason"] as const,
    registers: [settings.registry],
  });
  const refusals = new Counter({
    name: "rate_limit_refusals_total",
    help: "requests answered 429, by the limit that refused them (caller, address, credential_failures, address_failures)",
    labelNames: ["limit"] as const,
    registers: [settings.registry],
  });
  const delayed = new Counter({
    name: "auth_failures_delayed_total",
    help: "failed authentications from an address past its allowance: answered after AUTH_FAILURE_DELAY_MS (delayed), or at once because as many answers were already held (not_delayed)",
    labelNames: ["outcome"] as const,
    registers: [settings.registry],
  });
  new Gauge({
    name: "auth_failures_held",
    help: "answers to failed authentications held back now (AUTH_FAILURE_DELAY_MS)",
    registers: [settings.registry],
    collect() {
      this.set(failureDelay.size());
    },
  });

  return async (request) => {
    const address = clientAddress(request.socket.remoteAddress, request.headers, settings.trustedProxies, settings.forwardedHeader);
    const addressKey = limitKeyOf(address);
    const authentication = await authenticate(request, authenticator);
    if ("failure" in authentication) {
      failures.inc({ reason: authentication.failure });
      if (!presentsCredentials(request)) return { reject: credentialsRefused("Missing or invalid credentials", "Bearer") };
      // One token is one credential however its scheme is spelled ("Bearer", "bearer  "), so
      // respelling it does not start its count of failures again.
      const header = request.headers.authorization as string;
      const credential = fingerprintOf(bearerToken(header) ?? header);
      // A credential that has failed again and again is told to stop, and counts no more.
      const blocked = await limits.credentialBlocked(credential);
      if (blocked !== null) {
        refusals.inc({ limit: "credential_failures" });
        return { reject: failedAuthenticationsLimited(blocked, "credentials") };
      }
      const addressWait = await limits.recordAuthFailure(credential, addressKey);
      if (addressWait === null) return { reject: credentialsRefused("Missing or invalid credentials", "Bearer") };
      const wasDelayed = await failureDelay.hold(addressKey);
      delayed.inc({ outcome: wasDelayed ? "delayed" : "not_delayed" });
      refusals.inc({ limit: "address_failures" });
      return { reject: failedAuthenticationsLimited(addressWait, "address") };
    }
    // Credentials that cannot be checked right now are not a failure of the caller's.
    if ("reject" in authentication) return authentication;
    const reached = await limits.check(authentication.identity.subject, addressKey);
    if (reached === null) return authentication;
    refusals.inc({ limit: reached.limit });
    return { reject: rateLimited(reached.retryAfterSeconds) };
  };
}
