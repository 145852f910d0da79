// The closed list of error codes a client can see, each with what it means and the HTTP status
// it answers with when it refuses a whole request. A code not listed here never leaves a
// service: maskError turns it into INTERNAL_SERVER_ERROR. Errors inside a GraphQL result (a
// partial answer) ride an HTTP 200 whatever their code.
import { ApolloServerErrorCode } from "@apollo/server/errors";

interface CodeSpec {
  readonly status: number;
  readonly meaning: string;
}

/** Codes this project raises itself, through the factories in factories.ts. */
const OWN_CODES = {
  BAD_USER_INPUT: { status: 400, meaning: "an argument breaks an input rule; extensions.field names it" },
  BAD_REQUEST: { status: 400, meaning: "the request itself is malformed (not JSON, missing a required part)" },
  UNAUTHENTICATED: { status: 401, meaning: "credentials are missing or invalid, or the operation needs credentials" },
  FORBIDDEN: { status: 403, meaning: "the caller's role does not allow this operation" },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: "the request body is larger than the service accepts" },
  RATE_LIMITED: { status: 429, meaning: "too many requests; retry after the retry-after header's seconds" },
  QUERY_TOO_COSTLY: { status: 400, meaning: "the operation's estimated cost is above the limit; ask for fewer items or fields" },
  OPERATION_NOT_ALLOWED: { status: 400, meaning: "only operations of the persisted-operations manifest run here" },
  PERSISTED_QUERY_HASH_MISMATCH: { status: 400, meaning: "persistedQuery.sha256Hash is not the SHA-256 of the query sent with it" },
  SERVICE_UNAVAILABLE: { status: 503, meaning: "a service or resource behind this one cannot answer now; extensions.service names it; retry shortly" },
  IDEMPOTENCY_KEY_REUSED: { status: 422, meaning: "the idempotency key was used before for a different write; the first write stands; use a new key for a new write" },
  QUOTA_EXCEEDED: { status: 403, meaning: "the caller keeps as many stored items of this kind as one caller may; extensions.field names the input; replacing one of them still works" },
  OVERLOADED: { status: 503, meaning: "the service has more work queued than it accepts, in all or from this caller; retry after extensions.retryAfterSeconds" },
} as const satisfies Record<string, CodeSpec>;

/** Codes Apollo Server raises on its own, listed so that they pass the mask; the gateway raises
 *  the last two itself where Apollo Server's gateway mode would answer 500 instead (a document
 *  of several operations without operationName, a subscription). */
const APOLLO_CODES = {
  [ApolloServerErrorCode.GRAPHQL_PARSE_FAILED]: { status: 400, meaning: "the document is not valid GraphQL syntax, or holds more than MAX_TOKENS tokens (parsing stops there)" },
  [ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED]: { status: 400, meaning: "the document does not fit the schema (a subscription included: the API has none)" },
  [ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND]: { status: 200, meaning: "the hash is unknown; send the query with it once (automatic persisted queries)" },
  [ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED]: { status: 200, meaning: "persisted queries are turned off" },
  [ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE]: { status: 400, meaning: "the operation to run cannot be determined (operationName)" },
} as const satisfies Record<string, CodeSpec>;

export const PUBLIC_ERRORS: Readonly<Record<PublicErrorCode, CodeSpec>> = { ...APOLLO_CODES, ...OWN_CODES };

export type OwnErrorCode = keyof typeof OWN_CODES;
export type PublicErrorCode = OwnErrorCode | keyof typeof APOLLO_CODES;

export const PUBLIC_ERROR_CODES: ReadonlySet<string> = new Set(Object.keys(PUBLIC_ERRORS));

/** What every hidden error becomes; not public, since it says nothing but "our fault". */
export const INTERNAL_SERVER_ERROR = ApolloServerErrorCode.INTERNAL_SERVER_ERROR;

export function isPublicErrorCode(code: unknown): code is PublicErrorCode {
  return typeof code === "string" && PUBLIC_ERROR_CODES.has(code);
}

/** Codes that put the fault on the client: an answer made only of them is a 400, not a 500
 *  (graphql-armor's token limit throws while parsing, which Apollo Server answers with 500). */
export function isClientErrorCode(code: unknown): boolean {
  return isPublicErrorCode(code) && PUBLIC_ERRORS[code].status === 400;
}

/** Extension keys a public error may keep; everything else (stack, URLs, bodies) is dropped. */
export const PUBLIC_EXTENSIONS = ["code", "field", "service", "retryAfterSeconds"] as const;
