// GraphQL resolvers of the ML subgraph: Review.sentiment and TextAnalysis.sentiment through
// the batcher, and modelInfo.
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/index.js";
import { requireRole } from "@sentiment/platform/authorization";
import type { Identity } from "@sentiment/platform/roles";
import { GraphQLError } from "graphql";
import { OverloadedError, type Batcher } from "./inference/batcher.js";
import type { LoadedModel } from "./model/loaded-model.js";
import { toSentiment, type Sentiment } from "./sentiment.js";

export interface MlContext {
  batcher: Batcher;
  model: () => LoadedModel;
  maxTextChars: number;
  identity: Identity;
}

async function sentimentOf(text: string, ctx: MlContext): Promise<Sentiment> {
  requireRole(ctx.identity, "reader");
  if (text.length > ctx.maxTextChars) {
    throw new GraphQLError(`Text is longer than the model accepts (${ctx.maxTextChars} characters)`, { extensions: { code: "BAD_USER_INPUT", field: "text" } });
  }
  const version = ctx.model().version;
  try {
    const [probability] = await ctx.batcher.predict([text]);
    return toSentiment(probability as number, version);
  } catch (error) {
    if (error instanceof OverloadedError) {
      throw new GraphQLError("The sentiment model is overloaded; retry shortly", { extensions: { code: "OVERLOADED", retryAfterSeconds: 1 } });
    }
    throw error;
  }
}

export const resolvers: GraphQLResolverMap<MlContext> = {
  Query: {
    modelInfo: (_: unknown, __: unknown, ctx: MlContext) => {
      requireRole(ctx.identity, "reader");
      const model = ctx.model();
      return { version: model.version, sha256: model.sha256, metrics: model.metrics, loadedAt: model.loadedAt };
    },
  },
  Review: {
    __resolveReference: (reference: { id: string; text?: string }, ctx: MlContext) => {
      requireRole(ctx.identity, "reader");
      return reference;
    },
    sentiment: (review: { text?: string }, _: unknown, ctx: MlContext) => {
      if (typeof review.text !== "string") throw new GraphQLError("Review.sentiment needs the review's text", { extensions: { code: "BAD_REQUEST" } });
      return sentimentOf(review.text, ctx);
    },
  },
  TextAnalysis: {
    __resolveReference: (reference: { text: string }, ctx: MlContext) => {
      requireRole(ctx.identity, "reader");
      return reference;
    },
    sentiment: (analysis: { text: string }, _: unknown, ctx: MlContext) => sentimentOf(analysis.text, ctx),
  },
};
