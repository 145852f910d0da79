// Every error a client can receive is made here, so each code keeps one meaning, one HTTP
// status and one message shape across the services. Two kinds: GraphQL errors, thrown inside an
// operation (resolvers, Apollo plugins), and refusals, answered by the HTTP layer before any
// GraphQL runs.
import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import { PUBLIC_ERRORS, type OwnErrorCode } from "./codes.js";

/** Which limit a RATE_LIMITED refusal comes from: requests of this caller or address, or failed
 *  authentications of these credentials or this address (where checking the key helps and waiting
 *  does not). A client branches on this, never on the message. */
export type RateLimit = "requests" | "credential_failures" | "address_failures";

/** An answer given instead of running GraphQL: HTTP status, error code and message. */
export interface Refusal {
  status: number;
  code: OwnErrorCode;
  message: string;
  headers?: Record<string, string>;
  limit?: RateLimit;
}

/** The JSON body of a refusal, in the shape of a GraphQL response. */
export function refusalBody(refusal: { code: string; message: string; limit?: RateLimit }): { errors: Array<{ message: string; extensions: { code: string; limit?: RateLimit } }> } {
  return { errors: [{ message: refusal.message, extensions: { code: refusal.code, ...(refusal.limit ? { limit: refusal.limit } : {}) } }] };
}

function refusal(code: OwnErrorCode, message: string, headers?: Record<string, string>, limit?: RateLimit): Refusal {
  return { status: PUBLIC_ERRORS[code].status, code, message, ...(headers ? { headers } : {}), ...(limit ? { limit } : {}) };
}

/** Sets the HTTP status too, for errors that refuse the whole operation before it executes. */
function operationRefused(code: OwnErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: PUBLIC_ERRORS[code].status } } });
}

// ---- GraphQL errors -------------------------------------------------------------------------

/** An argument breaks an input rule; `field` names the argument so a client can point at it. */
export function badUserInput(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field } });
}

/** A request the service cannot make sense of (a part it needs is missing). */
export function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_REQUEST" } });
}

/** The caller's idempotency key names an earlier write with another input; `field` names the key. */
export function idempotencyKeyReused(field: string): GraphQLError {
  return new GraphQLError("This idempotency key was used for a different write, which stands; use a new key for a new write", {
    extensions: { code: "IDEMPOTENCY_KEY_REUSED", field },
  });
}

/** The caller already keeps as many stored items of one kind as it may; retrying cannot help,
 *  unlike RATE_LIMITED. `field` names the input that would have added one more. */
export function quotaExceeded(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "QUOTA_EXCEEDED", field } });
}

/** The operation needs credentials the caller did not send. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED" } });
}

/** An anonymous caller asked for a write: refused before it executes, with HTTP 401 and the
 *  same challenge as any request without valid credentials. */
export function credentialsRequired(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "UNAUTHENTICATED", http: { status: PUBLIC_ERRORS.UNAUTHENTICATED.status, headers: new HeaderMap([["www-authenticate", "Bearer"]]) } },
  });
}

/** The document does not say which of its operations to run, or names one it does not hold. */
export function operationUnresolved(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "OPERATION_RESOLUTION_FAILURE", http: { status: PUBLIC_ERRORS.OPERATION_RESOLUTION_FAILURE.status } } });
}

/** The document fits no operation this API can run (a subscription: the schema has none). */
export function operationUnsupported(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: PUBLIC_ERRORS.GRAPHQL_VALIDATION_FAILED.status } } });
}

/** The caller is known, but its role does not allow the operation. */
export function forbidden(requiredRole: string): GraphQLError {
  return new GraphQLError(`This operation needs the ${requiredRole} role`, { extensions: { code: "FORBIDDEN" } });
}

export function queryTooCostly(cost: number, limit: number): GraphQLError {
  return operationRefused("QUERY_TOO_COSTLY", `This operation costs ${cost}, more than the limit of ${limit}; ask for fewer items or fields`);
}

export function operationNotAllowed(): GraphQLError {
  return operationRefused("OPERATION_NOT_ALLOWED", "This server runs only the operations of its persisted-operations manifest");
}

/** A service (or what it depends on) cannot answer now; the rest of the answer may still come. */
export function serviceUnavailable(service: string, message = `The ${service} service is unavailable`): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "SERVICE_UNAVAILABLE", service } });
}

/** More work is queued than the service accepts; the client should wait before retrying. */
export function overloaded(message: string, retryAfterSeconds = 1): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "OVERLOADED", retryAfterSeconds } });
}

// ---- Refusals (HTTP, before GraphQL) --------------------------------------------------------

/** Missing or invalid credentials; every cause gets the same answer, so it tells an attacker nothing. */
export function credentialsRefused(message = "Missing or invalid credentials", challenge?: string): Refusal {
  return refusal("UNAUTHENTICATED", message, challenge ? { "www-authenticate": challenge } : undefined);
}

export function rateLimited(retryAfterSeconds: number): Refusal {
  return refusal("RATE_LIMITED", `Too many requests; retry in ${retryAfterSeconds} s`, { "retry-after": String(retryAfterSeconds) }, "requests");
}

/** Failed authentications past their allowance: of these very credentials (refused unchecked),
 *  or from this address (only failures are refused; valid credentials are still served). */
export function failedAuthenticationsLimited(retryAfterSeconds: number, of: "credentials" | "address"): Refusal {
  const what = of === "credentials" ? "These credentials have failed too often" : "Too many failed authentications from this address";
  return refusal("RATE_LIMITED", `${what}; check the key or token, and retry in ${retryAfterSeconds} s`, { "retry-after": String(retryAfterSeconds) }, of === "credentials" ? "credential_failures" : "address_failures");
}

export function payloadTooLarge(limitBytes: number): Refusal {
  // The limit fits the largest single batch as UTF-8 JSON; a client that escapes every
  // non-ASCII character (\u00e9) can need three times as much for the same texts.
  return refusal("PAYLOAD_TOO_LARGE", `The request body is larger than ${limitBytes} bytes. Send fewer texts, or JSON in UTF-8 rather than with non-ASCII characters escaped (in Python: json.dumps(..., ensure_ascii=False)).`);
}

export function invalidJsonBody(): Refusal {
  return refusal("BAD_REQUEST", "The request body is not valid JSON.");
}

/** Only version 1 of the persisted-query protocol (a SHA-256 hash of the query) exists here. */
export function persistedQueryUnsupported(detail: string): Refusal {
  return refusal("BAD_REQUEST", `${detail}; send extensions.persistedQuery as {"version": 1, "sha256Hash": "<hex SHA-256 of the query>"}`);
}

export function persistedQueryHashMismatch(): Refusal {
  return refusal(
    "PERSISTED_QUERY_HASH_MISMATCH",
    "persistedQuery.sha256Hash is not the SHA-256 of the query sent with it; send the hex SHA-256 of the exact query text",
  );
}

/** The token may well be valid, but the keys to check it cannot be fetched: not the caller's fault. */
export function tokensUnverifiable(): Refusal {
  return refusal("SERVICE_UNAVAILABLE", "Cannot verify tokens right now; retry shortly", { "retry-after": "5" });
}
