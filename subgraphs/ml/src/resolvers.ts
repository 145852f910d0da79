// GraphQL resolvers of the ML subgraph: Review.sentiment and TextAnalysis.sentiment through
// the batcher (with the sentences and word contributions the query selected), the explanation's
// `top`, and modelInfo.
import type { SubgraphResolvers } from "@sentiment/platform/subgraph-server";
import { requireRole } from "@sentiment/platform/authorization";
import type { Identity } from "@sentiment/platform/roles";
import { badRequest, badUserInput, overloaded, serviceUnavailable } from "@sentiment/platform/errors";
import type { GraphQLResolveInfo } from "graphql";
import { sentenceSpans } from "./analysis/sentence-spans.js";
import { selectedWork } from "./analysis/selected-work.js";
import { OverloadedError, type BatchItem, type Batcher } from "./inference/batcher.js";
import type { LoadedModel } from "./model/loaded-model.js";
import { MAX_EXPLANATION_WORDS, assembleSentiment, type AnalysedSentiment } from "./sentiment.js";

export interface MlContext {
  batcher: Batcher;
  model: () => LoadedModel;
  maxTextChars: number;
  identity: Identity;
}

async function sentimentOf(text: string, ctx: MlContext, info: GraphQLResolveInfo): Promise<AnalysedSentiment> {
  requireRole(ctx.identity, "reader");
  if (text.length > ctx.maxTextChars) {
    throw badUserInput(`Text is longer than the model accepts (${ctx.maxTextChars} characters)`, "text");
  }
  const work = selectedWork(info);
  const spans = work.sentences ? sentenceSpans(text) : [];
  // A text of one sentence is that sentence: its own probability serves, no second run.
  const oneSentence = spans.length === 1 && spans[0]?.start === 0 && spans[0]?.end === text.length;
  const items: BatchItem[] = [{ text, explain: work.explanation }];
  if (!oneSentence) for (const span of spans) items.push({ text: text.slice(span.start, span.end), explain: false });
  const version = ctx.model().version;
  try {
    // One call: the text and its sentences join the same batch, with every other text of this tick.
    const [own, ...sentences] = await ctx.batcher.predict(items);
    if (!own) throw new Error("the batcher answered no prediction for the text");
    return assembleSentiment({
      text,
      modelVersion: version,
      positiveProbability: own.positiveProbability,
      sentences: work.sentences ? spans.map((span, i) => ({ span, positiveProbability: oneSentence ? own.positiveProbability : (sentences[i]?.positiveProbability ?? Number.NaN) })) : null,
      contributions: own.contributions,
    });
  } catch (error) {
    if (error instanceof OverloadedError) {
      throw overloaded("The sentiment model is overloaded; retry shortly", 1);
    }
    throw error;
  }
}

function explanation(sentiment: AnalysedSentiment, args: { top?: number | null }, ctx: MlContext) {
  const { top } = args;
  if (typeof top !== "number" || top < 1 || top > MAX_EXPLANATION_WORDS) {
    throw badUserInput(`explanation(top:) must be from 1 to ${MAX_EXPLANATION_WORDS}`, "top");
  }
  if (!sentiment.words) {
    // Only a model file older than explanations gets here: its graph has no contributions output.
    const reason = ctx.model().explains ? "the word contributions were not computed" : "the loaded model has no word contributions";
    throw serviceUnavailable("ml", `Explanations are unavailable: ${reason}`);
  }
  return sentiment.words.slice(0, top);
}

export const resolvers: SubgraphResolvers<MlContext> = {
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
    sentiment: (review: { text?: string }, _: unknown, ctx: MlContext, info: GraphQLResolveInfo) => {
      if (typeof review.text !== "string") throw badRequest("Review.sentiment needs the review's text");
      return sentimentOf(review.text, ctx, info);
    },
  },
  TextAnalysis: {
    __resolveReference: (reference: { text: string }, ctx: MlContext) => {
      requireRole(ctx.identity, "reader");
      return reference;
    },
    sentiment: (analysis: { text: string }, _: unknown, ctx: MlContext, info: GraphQLResolveInfo) => sentimentOf(analysis.text, ctx, info),
  },
  Sentiment: {
    explanation: (sentiment: AnalysedSentiment, args: { top?: number | null }, ctx: MlContext) => explanation(sentiment, args, ctx),
  },
};
