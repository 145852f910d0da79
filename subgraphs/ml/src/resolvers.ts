// GraphQL resolvers of the ML subgraph: Review.sentiment and TextAnalysis.sentiment through
// the batcher of the model that answers the caller (with the sentences and word contributions
// the query selected), the explanation's `top`, and modelInfo with every loaded version.
import { ANONYMOUS_SUBJECT, badRequest, badUserInput, type Identity, overloaded, requireRole, serviceUnavailable, type SubgraphResolvers } from "@sentiment/platform";
import type { GraphQLResolveInfo } from "graphql";
import { selectedWork } from "./analysis/selected-work.js";
import { API_LIMITS, sentenceSpans } from "@sentiment/schema";
import { AbandonedError, OverloadedError, type BatchItem, type Prediction, type WorkOwner } from "./inference/batcher.js";
import type { OutputCache } from "./inference/output-cache.js";
import type { ServedModel, ServedModels } from "./model/served-models.js";
import type { CallerNumbers } from "./rollout/caller-numbers.js";
import { bucketOfNumber } from "./rollout/routing.js";
import type { ShadowScorer } from "./rollout/shadow-scorer.js";
import { MAX_EXPLANATION_WORDS, assembleSentiment, plainSentiment, type AnalysedSentiment } from "./sentiment.js";

export interface MlContext {
  /** the loaded models and which of them answers whom */
  models: ServedModels;
  /** scores a sample of the serving model's texts with the shadow versions, off the request path */
  shadow: ShadowScorer;
  /** callers' numbers, which place them for the canaries; null without a rollout source (no canaries then) */
  callers: CallerNumbers | null;
  /** answers kept per (model, text); the batchers' runs fill it */
  outputs: OutputCache;
  maxTextChars: number;
  identity: Identity;
  /** counts a text refused for having more sentences than sentence analysis takes */
  sentenceLimitRefused: () => void;
  /** true once the gateway has closed this request's connection (it gave up waiting) */
  abandoned: () => boolean;
}

/** The most sentences a text may have when its sentences (or the mixed flag) are asked for. */
export const MAX_SENTENCES = API_LIMITS.sentencesPerText.max;

/** The model's time is shared between callers, and within a caller between its requests: one context is one request. */
const ownerOf = (ctx: MlContext): WorkOwner => ({ caller: ctx.identity.subject, request: ctx, abandoned: ctx.abandoned });

/** The model's refusals in words for this caller; the others pass through. */
const asOverloaded = (ctx: MlContext) => (error: unknown): never => {
  if (error instanceof OverloadedError) {
    if (error.reason === "caller-share") {
      // Every caller without credentials is one caller here: its share is theirs together.
      if (ctx.identity.subject === ANONYMOUS_SUBJECT) throw overloaded("Callers without an API key together fill their share of the sentiment model's queue: retry shortly, or send an API key", 1);
      throw overloaded("Your requests' texts would fill more of the sentiment model's queue than one caller may hold: send the rest when the earlier ones have been answered, or fewer texts at once", 1);
    }
    throw overloaded("The sentiment model is overloaded; retry shortly", 1);
  }
  // No one reads this answer (the gateway closed the connection); a known error keeps it out of the error log.
  if (error instanceof AbandonedError) throw serviceUnavailable("ml", "The request was abandoned before the model read it");
  throw error;
};

/**
 * Counts the answer for its version and, when the serving model gave it, offers the text to each
 * shadow version by its share: the answer does not wait for them.
 */
function answered(ctx: MlContext, served: ServedModel, text: string, positiveProbability: number): void {
  ctx.models.figuresOf(served.model.version).answers += 1;
  const shadows = ctx.models.shadows;
  if (shadows.length === 0 || served !== ctx.models.serving) return;
  for (const { version, share } of shadows) if (share >= 100 || Math.random() * 100 < share) ctx.shadow.offer(version, text, positiveProbability);
}

/**
 * The model that answers this caller: the serving one, or while a canary is set the one the
 * caller's number places it with (rollout/routing.ts), the same on every replica. A caller's first
 * request to a replica during a canary waits for its number; the texts of one request all wait
 * for the same read, so they still join one model run.
 */
function modelFor(ctx: MlContext): ServedModel | Promise<ServedModel> {
  if (!ctx.models.hasCanaries || !ctx.callers) return ctx.models.serving;
  const number = ctx.callers.numberOf(ctx.identity);
  if (typeof number === "number") return ctx.models.forBucket(bucketOfNumber(number));
  // A caller whose number cannot be read now is answered by the serving model, the one known good.
  return number.then((n) => (n === null ? ctx.models.serving : ctx.models.forBucket(bucketOfNumber(n))));
}

/**
 * The text's Sentiment from the model that answers this caller: at once, without a promise, when
 * the output cache holds every reading the query needs (a page read again); else one batcher
 * call for the readings it lacks.
 */
function sentimentOf(text: string, ctx: MlContext, info: GraphQLResolveInfo): AnalysedSentiment | Promise<AnalysedSentiment> {
  requireRole(ctx.identity, "reader");
  if (text.length > ctx.maxTextChars) {
    throw badUserInput(`Text is longer than the model accepts (${ctx.maxTextChars} characters)`, "text");
  }
  const work = selectedWork(info);
  const served = modelFor(ctx);
  return served instanceof Promise ? served.then((s) => sentimentFrom(s, text, work, ctx)) : sentimentFrom(served, text, work, ctx);
}

function sentimentFrom(served: ServedModel, text: string, work: ReturnType<typeof selectedWork>, ctx: MlContext): AnalysedSentiment | Promise<AnalysedSentiment> {
  const { model, batcher } = served;
  if (!work.sentences && !work.explanation) {
    // The label-only path of a page of reviews: one lookup, one object.
    const cached = ctx.outputs.get(model.sha256, text);
    if (cached !== undefined) {
      answered(ctx, served, text, cached);
      return plainSentiment(cached, model.version);
    }
    return batcher.predict([{ text, explain: false }], ownerOf(ctx)).then((answers) => {
      const own = answers[0] as Prediction;
      answered(ctx, served, text, own.positiveProbability);
      return plainSentiment(own.positiveProbability, model.version);
    }, asOverloaded(ctx));
  }
  const spans = work.sentences ? sentenceSpans(text) : [];
  if (spans.length > MAX_SENTENCES) {
    // Refused rather than cut short: a mixed flag or a list of sentences read from part of the
    // text would be a wrong answer that looks right. The label alone has no such limit.
    ctx.sentenceLimitRefused();
    throw badUserInput(`Sentence analysis takes texts of at most ${MAX_SENTENCES} sentences and this one has ${spans.length}; ask for the label alone, or send the text in parts`, "text");
  }
  // A text of one sentence is that sentence: its own probability serves, no second run.
  const oneSentence = spans.length === 1 && spans[0]?.start === 0 && spans[0]?.end === text.length;
  const texts = [text];
  if (!oneSentence) for (const span of spans) texts.push(text.slice(span.start, span.end));
  // Contributions are not cached: a text that wants them runs, and its sentences join that run unless cached.
  const probabilities = new Array<number>(texts.length);
  const missing: BatchItem[] = [];
  const missingAt: number[] = [];
  texts.forEach((t, i) => {
    const cached = i === 0 && work.explanation ? undefined : ctx.outputs.get(model.sha256, t);
    if (cached !== undefined) probabilities[i] = cached;
    else {
      missing.push({ text: t, explain: i === 0 && work.explanation });
      missingAt.push(i);
    }
  });
  const assemble = (contributions: Float32Array | null): AnalysedSentiment =>
    assembleSentiment({
      text,
      modelVersion: model.version,
      positiveProbability: probabilities[0] as number,
      sentences: work.sentences ? spans.map((span, i) => ({ span, positiveProbability: probabilities[oneSentence ? 0 : i + 1] ?? Number.NaN })) : null,
      contributions,
    });
  if (missing.length === 0) {
    answered(ctx, served, text, probabilities[0] as number);
    return assemble(null);
  }
  // One call: the text and its sentences join the same batch, with every other text of this tick.
  return batcher.predict(missing, ownerOf(ctx)).then((answers) => {
    answers.forEach((answer, j) => {
      probabilities[missingAt[j] as number] = answer.positiveProbability;
    });
    answered(ctx, served, text, probabilities[0] as number);
    return assemble(missingAt[0] === 0 ? (answers[0]?.contributions ?? null) : null);
  }, asOverloaded(ctx));
}

function explanation(sentiment: AnalysedSentiment, args: { top?: number | null }, ctx: MlContext) {
  const { top } = args;
  if (typeof top !== "number" || top < 1 || top > MAX_EXPLANATION_WORDS) {
    throw badUserInput(`explanation(top:) must be from 1 to ${MAX_EXPLANATION_WORDS}`, "top");
  }
  if (!sentiment.words) {
    // Only a model file older than explanations gets here: its graph has no contributions output.
    const reason = ctx.models.model(sentiment.modelVersion)?.explains === false ? "the model that answered has no word contributions" : "the word contributions were not computed";
    throw serviceUnavailable("ml", `Explanations are unavailable: ${reason}`);
  }
  return sentiment.words.slice(0, top);
}

export const resolvers: SubgraphResolvers<MlContext> = {
  Query: {
    modelInfo: (_: unknown, __: unknown, ctx: MlContext) => {
      requireRole(ctx.identity, "reader");
      const { model } = ctx.models.serving;
      return { version: model.version, sha256: model.sha256, metrics: model.metrics, loadedAt: model.loadedAt, models: ctx.models };
    },
  },
  ModelInfo: {
    versions: (info: { models: ServedModels }) =>
      info.models.versions().map(({ model, mode, share, figures }) => ({
        version: model.version,
        sha256: model.sha256,
        metrics: model.metrics,
        loadedAt: model.loadedAt,
        mode,
        share,
        answers: figures.answers,
        shadowCompared: figures.shadowCompared,
        shadowLabelFlips: figures.shadowFlips,
        shadowAgreement: figures.shadowCompared > 0 ? 1 - figures.shadowFlips / figures.shadowCompared : null,
      })),
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
