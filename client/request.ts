// A small typed GraphQL client for this API: generated TypedDocumentNodes in, typed data out,
// errors raised with their stable code. With `persisted: true` it sends only the operation's
// hash from the persisted-operations manifest (what production gateways accept).
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

export interface ApiError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; field?: string; service?: string; retryAfterSeconds?: number };
}

export class GraphQLRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors: ApiError[],
    readonly status: number,
  ) {
    super(message);
    this.name = "GraphQLRequestError";
  }
}

export interface ClientOptions {
  url: string;
  apiKey?: string;
  persisted?: boolean;
  fetch?: typeof fetch;
}

export interface Result<T> {
  data: T;
  /** errors of a partial answer, e.g. SERVICE_UNAVAILABLE for sentiment while the rest arrived */
  errors: ApiError[];
}

type Meta = { __meta__?: { hash?: string } };

export function createClient(options: ClientOptions) {
  const send = options.fetch ?? fetch;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  async function post(body: Record<string, unknown>) {
    const response = await send(options.url, { method: "POST", headers, body: JSON.stringify(body) });
    const json = (await response.json()) as { data?: unknown; errors?: ApiError[] };
    return { status: response.status, json };
  }

  return {
    async request<TResult, TVariables extends Record<string, unknown>>(document: TypedDocumentNode<TResult, TVariables>, variables: TVariables): Promise<Result<TResult>> {
      const hash = (document as Meta).__meta__?.hash?.replace(/^sha256:/, "");
      let answer = options.persisted && hash
        ? await post({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } })
        : await post({ query: print(document), variables });
      if (answer.json.errors?.[0]?.extensions?.code === "PERSISTED_QUERY_NOT_FOUND") {
        answer = await post({ query: print(document), variables });
      }
      const { data, errors = [] } = answer.json;
      if (data === undefined || data === null) {
        const first = errors[0];
        throw new GraphQLRequestError(first?.extensions?.code ?? `HTTP_${answer.status}`, first?.message ?? `HTTP ${answer.status}`, errors, answer.status);
      }
      return { data: data as TResult, errors };
    },
  };
}
