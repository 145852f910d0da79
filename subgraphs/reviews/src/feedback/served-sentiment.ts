// The serving model's reading of a text, asked of the ML subgraph when feedback on that text is
// stored. The numbers kept with a feedback row are the server's, never the caller's: a client
// could send any version or probability, and the agreement figures would then measure nothing.
// The call is signed with the caller's identity, as the gateway signs its own, so the ML service
// applies the same rules (and, for a text just analysed, answers from its output cache).
import { badUserInput, forbidden, type Identity, type Logger, overloaded, serviceUnavailable, unauthenticated } from "@sentiment/platform";
import type { GraphQLError } from "graphql";
import { callMl, type MlEndpoint } from "../ml-endpoint.js";

export type Label = "POSITIVE" | "NEGATIVE";

export interface ServedSentiment {
  label: Label;
  positiveProbability: number;
  modelVersion: string;
}

export type ScoreText = (text: string, identity: Identity, requestId: string, logger: Logger) => Promise<ServedSentiment>;

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
  return async (text, identity, requestId, logger) => {
    let answer: EntitiesAnswer;
    try {
      answer = (await callMl(endpoint, identity, requestId, { query: QUERY, variables: { representations: [{ __typename: "TextAnalysis", text }] } })) as EntitiesAnswer;
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message, name: (error as Error).name } }, "cannot reach the ML service to score a feedback text");
      throw unavailable();
    }
    return servedFromAnswer(answer, logger);
  };
}
