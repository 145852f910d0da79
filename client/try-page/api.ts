// The page's calls to the public GraphQL API: the generated client's persisted operations, sent
// by hash only (what a production gateway's allow-list accepts), with the caller's key when the
// person gave one. Failures become ApiFailure values for error-messages.ts to put into words.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { SubmitFeedbackDocument, TryAnalysisDocument, type SentimentLabel, type SubmitFeedbackMutation, type TryAnalysisQuery } from "../generated/graphql.js";

export type Analysis = TryAnalysisQuery["analyzeReview"];
export type Sentiment = NonNullable<Analysis["sentiment"]>;
export type StoredFeedback = SubmitFeedbackMutation["submitFeedback"];
export type { SentimentLabel };

/** What went wrong with a call, as far as the page can tell. */
export interface ApiFailure {
  /** network: no answer at all; api: an answer with an error */
  kind: "network" | "api";
  status?: number;
  code?: string;
  message?: string;
  service?: string;
  retryAfterSeconds?: number;
  /** which limit a RATE_LIMITED answer comes from ("requests", "credential_failures", "address_failures") */
  limit?: string;
  requestId?: string;
}

export class ApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message ?? failure.code ?? failure.kind);
    this.name = "ApiError";
  }
}

interface GraphqlError {
  message?: string;
  extensions?: { code?: string; service?: string; retryAfterSeconds?: number; limit?: string };
}

function hashOf(document: TypedDocumentNode<unknown, never>): string {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash) throw new Error("the generated document has no persisted-operation hash");
  return hash.replace(/^sha256:/, "");
}

export interface Api {
  analyze(text: string, top: number): Promise<Analysis & { sentiment: Sentiment }>;
  submitFeedback(text: string, label: SentimentLabel): Promise<StoredFeedback>;
}

/** `apiKey` is asked for at each call: the key lives in the page's memory and may change. */
export function createApi(endpoint: string, apiKey: () => string | null): Api {
  async function call<T>(document: TypedDocumentNode<T, never>, variables: Record<string, unknown>): Promise<{ data: T | null; errors: GraphqlError[]; response: Response }> {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    const key = apiKey();
    if (key) headers.authorization = `Bearer ${key}`;
    const body = JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(document) } } });
    let response: Response;
    try {
      response = await fetch(endpoint, { method: "POST", headers, body });
    } catch {
      throw new ApiError({ kind: "network" });
    }
    let json: { data?: T | null; errors?: GraphqlError[] };
    try {
      json = (await response.json()) as typeof json;
    } catch {
      // A proxy's HTML error page, or a cut connection.
      throw new ApiError({ kind: "api", status: response.status, requestId: response.headers.get("x-request-id") ?? undefined });
    }
    return { data: json.data ?? null, errors: json.errors ?? [], response };
  }

  function failure(errors: GraphqlError[], response: Response): ApiError {
    const first = errors[0];
    const header = Number(response.headers.get("retry-after"));
    return new ApiError({
      kind: "api",
      status: response.status,
      code: first?.extensions?.code,
      message: first?.message,
      service: first?.extensions?.service,
      limit: first?.extensions?.limit,
      retryAfterSeconds: first?.extensions?.retryAfterSeconds ?? (Number.isFinite(header) && header > 0 ? header : undefined),
      requestId: response.headers.get("x-request-id") ?? undefined,
    });
  }

  return {
    async analyze(text, top) {
      const { data, errors, response } = await call(TryAnalysisDocument, { text, top });
      const analysis = data?.analyzeReview;
      // A partial answer (the text checked, the model down) is a failure for this page.
      if (!analysis?.sentiment) throw failure(errors, response);
      return analysis as Analysis & { sentiment: Sentiment };
    },
    async submitFeedback(text, label) {
      const { data, errors, response } = await call(SubmitFeedbackDocument, { input: { text, label } });
      if (!data?.submitFeedback) throw failure(errors, response);
      return data.submitFeedback;
    },
  };
}
