// GraphQL resolvers: thin adapters from the schema to validation and the store.
import { ANONYMOUS_SUBJECT, type Identity, type Logger, quotaExceeded, requireRole, serviceUnavailable, type SignedCall, type SubgraphResolvers, unauthenticated } from "@sentiment/platform";
import type { GraphQLResolveInfo } from "graphql";
import { ROLLOUT_MODES, type RolloutMode } from "@sentiment/schema";
import { badUserInput, idempotencyKeyReused, storeUnavailable } from "./errors.js";
import type { StoredFeedback } from "./feedback/feedback-store.js";
import { feedbackTarget } from "./feedback/feedback-target.js";
import type { Label, ScoreText } from "./feedback/served-sentiment.js";
import { summarize } from "./feedback/summary.js";
import { IDEMPOTENCY_KEY_MESSAGE, isIdempotencyKey, writeKey } from "./idempotency/write-key.js";
import type { ReadLoadedVersions } from "./rollout/loaded-versions.js";
import { planRollout } from "./rollout/rollout-plan.js";
import { decodeCursor, encodeCursor } from "./store/paging.js";
import type { WriteOperation } from "./write-metrics.js";
import { StoreUnavailableError, type KeyedWrite, type Review, type ReviewStore, type WriteKey } from "./store/review-store.js";
import { isModelVersion, MODEL_VERSION_MESSAGE } from "./validation/model-version.js";
import { MAX_BATCH_TEXTS, validateReviewText, validateStoredText, type ValidationResult } from "./validation/review-text.js";

export interface ReviewsContext {
  store: ReviewStore;
  logger: Logger;
  maxPageSize: number;
  identity: Identity;
  requestId: string;
  /** the serving model's reading of a text; null when this service has no ML_URL */
  scoreText: ScoreText | null;
  /** the gateway signature this request came with: writes without a client key are keyed by it */
  signed: SignedCall;
  /** how long a client's idempotency key is kept */
  idempotencyKeyTtlMs: number;
  /** counts each keyed write's outcome */
  countWrite: (operation: WriteOperation, outcome: KeyedWrite<unknown>["outcome"]) => void;
  /** feedback rows one caller may keep */
  feedbackMaxPerCaller: number;
  /** counts feedback refused at that bound */
  countFeedbackQuotaRefusal: () => void;
  /** the model versions the ML service has loaded; null when this service has no ML_URL */
  loadedVersions: ReadLoadedVersions | null;
}

interface SetModelRolloutArgs {
  version: string;
  mode: RolloutMode;
  share?: number | null;
}

/** The key a mutation field writes under: the client's, checked, or the signature's. */
function keyFor(ctx: ReviewsContext, info: GraphQLResolveInfo, operation: WriteOperation, input: string, clientKey: string | null | undefined, field: string): WriteKey {
  if (clientKey != null && !isIdempotencyKey(clientKey)) throw badUserInput(IDEMPOTENCY_KEY_MESSAGE, field);
  return writeKey({ subject: ctx.identity.subject, operation, input, clientKey, signed: ctx.signed, responseKey: String(info.path.key), clientKeyTtlMs: ctx.idempotencyKeyTtlMs });
}

/** The value of a keyed write, or IDEMPOTENCY_KEY_REUSED when the key named another write. */
function valueOf<T>(ctx: ReviewsContext, operation: WriteOperation, write: KeyedWrite<T>, field: string): T {
  ctx.countWrite(operation, write.outcome);
  if (write.outcome === "conflict") throw idempotencyKeyReused(field);
  if (write.outcome === "repeated") ctx.logger.info({ field }, "write repeated under its key; answered the first result");
  return write.value;
}

interface SubmitFeedbackArgs {
  input: { reviewId?: string | null; text?: string | null; label: Label };
}

function pageSize(first: number, ctx: ReviewsContext): void {
  if (!Number.isInteger(first) || first < 1 || first > ctx.maxPageSize) {
    throw badUserInput(`first must be between 1 and ${ctx.maxPageSize}`, "first");
  }
}

function positionAfter(after: string | null | undefined): number | null {
  if (after == null) return null;
  const before = decodeCursor(after);
  if (before === null) throw badUserInput("after is not a cursor returned by this API", "after");
  return before;
}

const withAgreement = (row: StoredFeedback) => ({ ...row, agrees: row.label === row.modelLabel });

function validOrThrow(text: string, field: string, validate: (raw: string) => ValidationResult = validateReviewText): string {
  const result = validate(text);
  if (!result.ok) throw badUserInput(result.message, field);
  return result.text;
}

/** Runs a store call; an unreachable database becomes SERVICE_UNAVAILABLE instead of a masked
 *  internal error. */
async function fromStore<T>(ctx: ReviewsContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    const cause = error.cause as { message?: string; code?: string } | undefined;
    ctx.logger.warn({ err: { message: cause?.message, code: cause?.code } }, "database unreachable");
    throw storeUnavailable();
  }
}

export const resolvers: SubgraphResolvers<ReviewsContext> = {
  Query: {
    review: (_: unknown, args: { id: string }, ctx: ReviewsContext) => {
      requireRole(ctx.identity, "reader");
      return fromStore(ctx, () => ctx.store.get(args.id));
    },
    reviews: async (_: unknown, args: { first: number; after?: string | null }, ctx: ReviewsContext) => {
      requireRole(ctx.identity, "reader");
      pageSize(args.first, ctx);
      const before = positionAfter(args.after);
      const page = await fromStore(ctx, () => ctx.store.page(args.first, before));
      const edges = page.reviews.map(({ position, ...node }) => ({ cursor: encodeCursor(position), node }));
      return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
    },
    feedback: async (_: unknown, args: { first: number; after?: string | null; modelVersion?: string | null }, ctx: ReviewsContext) => {
      requireRole(ctx.identity, "admin");
      pageSize(args.first, ctx);
      const before = positionAfter(args.after);
      const modelVersion = args.modelVersion ?? null;
      if (modelVersion !== null && !isModelVersion(modelVersion)) throw badUserInput(MODEL_VERSION_MESSAGE, "modelVersion");
      const page = await fromStore(ctx, () => ctx.store.feedback.page(args.first, before, modelVersion));
      const edges = page.feedback.map(({ position, ...node }) => ({ cursor: encodeCursor(position), node: withAgreement(node) }));
      // The summary is read only when selected (FeedbackConnection.summary).
      return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, modelVersion };
    },
    modelRollout: (_: unknown, __: unknown, ctx: ReviewsContext) => {
      requireRole(ctx.identity, "admin");
      return fromStore(ctx, () => ctx.store.rollout.list());
    },
    modelRolloutCaller: (_: unknown, __: unknown, ctx: ReviewsContext) => {
      requireRole(ctx.identity, "reader");
      return fromStore(ctx, () => ctx.store.rollout.callerNumber(ctx.identity.subject));
    },
    analyzeReview: (_: unknown, args: { text: string }, ctx: ReviewsContext) => {
      requireRole(ctx.identity, "reader");
      return { text: validOrThrow(args.text, "text") };
    },
    analyzeReviews: (_: unknown, args: { texts: string[] }, ctx: ReviewsContext) => {
      requireRole(ctx.identity, "reader");
      if (args.texts.length < 1 || args.texts.length > MAX_BATCH_TEXTS) {
        throw badUserInput(`texts must hold between 1 and ${MAX_BATCH_TEXTS} texts`, "texts");
      }
      return args.texts.map((text, i) => ({ text: validOrThrow(text, `texts[${i}]`) }));
    },
  },
  Mutation: {
    submitReview: async (_: unknown, args: { input: { text: string; idempotencyKey?: string | null } }, ctx: ReviewsContext, info: GraphQLResolveInfo) => {
      requireRole(ctx.identity, "writer");
      const text = validOrThrow(args.input.text, "input.text", validateStoredText);
      const key = keyFor(ctx, info, "submitReview", args.input.text, args.input.idempotencyKey, "input.idempotencyKey");
      const write = await fromStore(ctx, () => ctx.store.insertOnce(text, key));
      const review = valueOf(ctx, "submitReview", write, "input.idempotencyKey");
      if (write.outcome === "written") ctx.logger.info({ reviewId: review.id }, "review stored");
      return review;
    },
    submitFeedback: async (_: unknown, args: SubmitFeedbackArgs, ctx: ReviewsContext) => {
      requireRole(ctx.identity, "reader");
      // Feedback is kept per caller: callers without credentials would all be one.
      if (ctx.identity.subject === ANONYMOUS_SUBJECT) throw unauthenticated("Feedback needs credentials (an API key or token): it is kept per caller");
      const target = feedbackTarget(args.input);
      if (target.kind === "invalid") throw badUserInput(target.message, "input");
      let text: string;
      let reviewId: string | null = null;
      if (target.kind === "review") {
        const review = await fromStore(ctx, () => ctx.store.get(target.reviewId));
        if (!review) throw badUserInput("No review has this id", "input.reviewId");
        ({ text, id: reviewId } = review);
      } else {
        text = validOrThrow(target.text, "input.text", validateStoredText);
      }
      if (!ctx.scoreText) throw serviceUnavailable("ml", "Feedback is not available: this service is not connected to the sentiment model");
      const served = await ctx.scoreText(text, ctx.identity, ctx.requestId, ctx.logger);
      const row = await fromStore(ctx, () =>
        ctx.store.feedback.upsert(
          { caller: ctx.identity.subject, text, reviewId, label: args.input.label, modelLabel: served.label, modelVersion: served.modelVersion, positiveProbability: served.positiveProbability },
          ctx.feedbackMaxPerCaller,
        ),
      );
      if (!row) {
        ctx.countFeedbackQuotaRefusal();
        ctx.logger.warn({ max: ctx.feedbackMaxPerCaller }, "feedback refused: the caller keeps the most rows one caller may");
        throw quotaExceeded(
          `You keep ${ctx.feedbackMaxPerCaller} feedback texts already, the most one caller may; feedback on a text you sent before still replaces it`,
          "input",
        );
      }
      ctx.logger.info({ feedbackId: row.id, modelVersion: row.modelVersion, agrees: row.label === row.modelLabel }, "feedback stored");
      return withAgreement(row);
    },
    setModelRollout: async (_: unknown, args: SetModelRolloutArgs, ctx: ReviewsContext) => {
      requireRole(ctx.identity, "admin");
      if (!ROLLOUT_MODES.includes(args.mode)) throw badUserInput(`mode must be one of ${ROLLOUT_MODES.join(", ")}`, "mode");
      if (!ctx.loadedVersions) throw serviceUnavailable("ml", "Rollouts are not available: this service is not connected to the ML service (ML_URL)");
      const loaded = await ctx.loadedVersions(ctx.identity, ctx.requestId, ctx.logger);
      const change = { version: args.version, mode: args.mode, share: args.share ?? null };
      const update = await fromStore(ctx, () => ctx.store.rollout.update((stored) => planRollout(stored, change, loaded), ctx.identity.subject));
      if ("refused" in update) throw badUserInput(update.refused.message, update.refused.field);
      ctx.logger.info({ ...change, state: update.rows.map(({ version, mode, share }) => ({ version, mode, share })) }, "model rollout set");
      return update.rows;
    },
    deleteReview: async (_: unknown, args: { id: string; idempotencyKey?: string | null }, ctx: ReviewsContext, info: GraphQLResolveInfo) => {
      requireRole(ctx.identity, "admin");
      const key = keyFor(ctx, info, "deleteReview", args.id, args.idempotencyKey, "idempotencyKey");
      const write = await fromStore(ctx, () => ctx.store.deleteOnce(args.id, key));
      const deleted = valueOf(ctx, "deleteReview", write, "idempotencyKey");
      if (deleted && write.outcome === "written") ctx.logger.info({ reviewId: args.id }, "review deleted");
      return deleted;
    },
  },
  FeedbackConnection: {
    summary: async (parent: { modelVersion: string | null }, _: unknown, ctx: ReviewsContext) => {
      requireRole(ctx.identity, "admin");
      return summarize(await fromStore(ctx, () => ctx.store.feedback.agreement(parent.modelVersion)));
    },
  },
  Review: {
    __resolveReference: (reference: { id: string }, ctx: ReviewsContext): Promise<Review | null> => {
      requireRole(ctx.identity, "reader");
      return fromStore(ctx, () => ctx.store.get(reference.id));
    },
  },
  TextAnalysis: {
    __resolveReference: (reference: { text: string }, ctx: ReviewsContext) => {
      requireRole(ctx.identity, "reader");
      return reference;
    },
  },
};
