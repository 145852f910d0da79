// The serving model's reading of a text, asked of the ML subgraph when feedback on that text is
// stored. The numbers kept with a feedback row are the server's, never the caller's: a client
// could send any version or probability, and the agreement figures would then measure nothing.
// The call is signed with the caller's identity, as the gateway signs its own, so the ML service
// applies the same rules (and, for a text just analysed, answers from its output cache).
import { badUserInput, forbidden, type Identity, type Logger, overloaded, REQUEST_ID_HEADER, serviceUnavailable, signForSubgraph, unauthenticated } from "@sentiment/platform";
import type { GraphQLError } from "graphql";

export type Label = "POSITIVE" | "NEGATIVE";

export interface ServedSentiment {
  label: Label;
  positiveProbability: number;
  modelVersion: string;
}

export type ScoreText = (text: string, identity: Identity, requestId: string, logger: Logger) => Promise<ServedSentiment>;

export interface MlEndpoint {
  url: string;
  secret: string;
  timeoutMs: number;
}

const QUERY = "query FeedbackScore($representations: [_Any!]!) { _entities(representations: $representations) { ... on TextAnalysis { sentiment { label positiveProbability modelVersion } } } }";

interface EntitiesAnswer {
  data?: { _entities?: Array<{ sentiment?: ServedSentiment | null } | null> } | null;
  errors?: Array<{ message?: string; extensions?: { code?: string } }>;
}

/** Errors of the ML service that are the caller's to act on pass through with their code. */
const PASSED: Record<string, (message: string) => GraphQLError> = {
  OVERLOADED: (message) => overloaded(message, 1),
  BAD_USER_INPUT: (message) => badUserInput(message, "input.text"),
  FORBIDDEN: () => forbidden("reader"),
  UNAUTHENTICATED: (message) => unauthenticated(message),
};

function unavailable(): GraphQLError {
  return serviceUnavailable("ml", "The sentiment model cannot score the text right now, so the feedback was not stored; retry shortly");
}

function isServed(value: unknown): value is ServedSentiment {
  const v = value as Partial<ServedSentiment> | null | undefined;
  return (v?.label === "POSITIVE" || v?.label === "NEGATIVE") && typeof v.positiveProbability === "number" && typeof v.modelVersion === "string";
}

/** The answer of one _entities call, as a ServedSentiment or the error to raise. */
export function servedFromAnswer(answer: EntitiesAnswer, logger: Logger): ServedSentiment {
  const sentiment = answer.data?._entities?.[0]?.sentiment;
  if (isServed(sentiment)) return sentiment;
  for (const error of answer.errors ?? []) {
    const pass = PASSED[error.extensions?.code ?? ""];
    if (pass) throw pass(error.message ?? "The sentiment model refused the text");
  }
  logger.warn({ errors: answer.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })) }, "the ML service did not score a feedback text");
  throw unavailable();
}

export function mlScorer(endpoint: MlEndpoint): ScoreText {
  const url = new URL(endpoint.url);
  const path = `${url.pathname}${url.search}`;
  return async (text, identity, requestId, logger) => {
    const body = JSON.stringify({ query: QUERY, variables: { representations: [{ __typename: "TextAnalysis", text }] } });
    // Signed afresh for each attempt: the ML service accepts a signature once.
    const attempt = async () => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", [REQUEST_ID_HEADER]: requestId, ...signForSubgraph(endpoint.secret, identity, { method: "POST", path, body, requestId }) },
        body,
        signal: AbortSignal.timeout(endpoint.timeoutMs),
      });
      return (await response.json()) as EntitiesAnswer;
    };
    let answer: EntitiesAnswer;
    try {
      try {
        answer = await attempt();
      } catch (error) {
        // Scoring only reads, so a connection that broke (a kept-alive socket to a restarted ML
        // process) is worth one more try; a deadline that passed is not.
        if ((error as Error).name === "TimeoutError") throw error;
        answer = await attempt();
      }
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message, name: (error as Error).name } }, "cannot reach the ML service to score a feedback text");
      throw unavailable();
    }
    return servedFromAnswer(answer, logger);
  };
}
