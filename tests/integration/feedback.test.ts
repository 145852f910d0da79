// Feedback through the real gateway, with the generated client's persisted operations, on both
// stores: what callers say is stored with the serving model's own reading of the text.
import { createKey } from "@sentiment/gateway/api-keys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, GraphQLRequestError } from "../../client/request.js";
import { FeedbackPageDocument, SubmitFeedbackDocument, SubmitReviewDocument, TryAnalysisDocument } from "../../client/generated/graphql.js";
import type { Stack } from "../../scripts/stack.js";
import { freshSchemaUrl } from "../support/postgres.js";
import { startTestStack } from "../support/stack-fixture.js";

const stores: Array<[string, () => Promise<{ env: Record<string, string>; drop: () => Promise<void> }>]> = [
  ["sqlite", async () => ({ env: {}, drop: async () => undefined })],
  ["postgres", async () => {
    const { url, drop } = await freshSchemaUrl("feedback");
    return { env: { DATABASE_URL: url }, drop };
  }],
];

async function codeOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(GraphQLRequestError);
  return (error as GraphQLRequestError).code;
}

const MAX_PER_CALLER = 3;

describe.each(stores)("feedback through the gateway on %s", (_name, store) => {
  let stack: Stack;
  let drop: () => Promise<void> = async () => undefined;
  const client = (apiKey?: string) => createClient({ url: stack.gatewayUrl, apiKey, persisted: true });
  let readerA: ReturnType<typeof client>;
  let readerB: ReturnType<typeof client>;
  let admin: ReturnType<typeof client>;
  let busyReader: ReturnType<typeof client>;

  beforeAll(async () => {
    const made = await store();
    drop = made.drop;
    stack = await startTestStack({ ...made.env, FEEDBACK_MAX_PER_CALLER: String(MAX_PER_CALLER) });
    readerA = client(stack.keys.reader);
    readerB = client(createKey(stack.keysPath as string, "second-reader", "reader").key);
    admin = client(stack.keys.admin);
    busyReader = client(createKey(stack.keysPath as string, "busy-reader", "reader").key);
  });
  afterAll(async () => {
    await stack?.stop();
    await drop();
  });

  const text = "The battery lasts two days. The screen scratches far too easily.";

  it("stores the serving model's version and probability for the text, not numbers from the caller", async () => {
    const { data } = await readerA.request(SubmitFeedbackDocument, { input: { text: `  ${text}\n`, label: "NEGATIVE" } });
    const analysed = (await readerA.request(TryAnalysisDocument, { text, top: 1 })).data.analyzeReview.sentiment;
    expect(data.submitFeedback).toMatchObject({ text, label: "NEGATIVE", reviewId: null, modelVersion: analysed?.modelVersion, modelLabel: analysed?.label });
    expect(data.submitFeedback.positiveProbability).toBeCloseTo(analysed?.positiveProbability ?? -1, 9);
    expect(data.submitFeedback.agrees).toBe(analysed?.label === "NEGATIVE");
  });

  it("replaces a caller's feedback on the same text instead of adding a second one", async () => {
    const before = (await readerA.request(SubmitFeedbackDocument, { input: { text, label: "NEGATIVE" } })).data.submitFeedback;
    const after = (await readerA.request(SubmitFeedbackDocument, { input: { text, label: "POSITIVE" } })).data.submitFeedback;
    expect(after.id).toBe(before.id);
    expect(after.label).toBe("POSITIVE");
    const page = (await admin.request(FeedbackPageDocument, { first: 100 })).data.feedback;
    expect(page.edges.filter((e) => e.node.text === text && e.node.caller === page.edges.find((x) => x.node.id === before.id)?.node.caller)).toHaveLength(1);
  });

  it("keeps a second caller's feedback on the same text apart, and takes a stored review by id", async () => {
    await readerB.request(SubmitFeedbackDocument, { input: { text, label: "NEGATIVE" } });
    const review = (await client(stack.keys.writer).request(SubmitReviewDocument, { text: "Arrived late and broken, café au lait everywhere ☕" })).data.submitReview;
    const byId = (await readerB.request(SubmitFeedbackDocument, { input: { reviewId: review.id, label: "NEGATIVE" } })).data.submitFeedback;
    expect(byId).toMatchObject({ reviewId: review.id, text: review.text });
  });

  it("is read back by an admin, newest first, with agreement per model version and Relay paging", async () => {
    const { data } = await admin.request(FeedbackPageDocument, { first: 2 });
    const first = data.feedback;
    expect(first.summary.count).toBe(3);
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await admin.request(FeedbackPageDocument, { first: 2, after: first.pageInfo.endCursor })).data.feedback;
    const all = [...first.edges, ...rest.edges].map((e) => e.node);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect(new Set(all.map((n) => n.caller)).size).toBe(2);
    expect(all.every((n) => n.caller.startsWith("apikey:"))).toBe(true);
    const [version] = first.summary.byModelVersion;
    expect(first.summary.byModelVersion).toHaveLength(1);
    expect(version?.count).toBe(3);
    expect(version?.agreeing).toBe(all.filter((n) => n.agrees).length);
    expect(first.summary.agreement).toBeCloseTo((version?.agreeing ?? 0) / 3, 9);
    const other = (await admin.request(FeedbackPageDocument, { first: 10, modelVersion: "no-such-version" })).data.feedback;
    expect(other.edges).toEqual([]);
    expect(other.summary).toEqual({ count: 0, agreement: null, byModelVersion: [] });
  });

  it("is refused to a reader who asks to read it, and to a caller without credentials who gives it", async () => {
    expect(await codeOf(readerA.request(FeedbackPageDocument, { first: 10 }))).toBe("FORBIDDEN");
    expect(await codeOf(client().request(SubmitFeedbackDocument, { input: { text, label: "POSITIVE" } }))).toBe("UNAUTHENTICATED");
  });

  it("refuses bad input with the review rules and stores nothing", async () => {
    const refused = async (input: { text?: string; reviewId?: string; label: "POSITIVE" | "NEGATIVE" }) => {
      const error = await readerA.request(SubmitFeedbackDocument, { input }).then(() => null, (e: unknown) => e as GraphQLRequestError);
      return { code: error?.code, message: error?.message };
    };
    expect(await refused({ text: "12 345", label: "POSITIVE" })).toEqual({ code: "BAD_USER_INPUT", message: "Review cannot be a number" });
    expect(await refused({ text: " ok ", label: "POSITIVE" })).toMatchObject({ code: "BAD_USER_INPUT", message: expect.stringContaining("at least 4") });
    expect(await refused({ text: "x".repeat(5001), label: "POSITIVE" })).toMatchObject({ code: "BAD_USER_INPUT", message: expect.stringContaining("at most 5000") });
    expect(await refused({ text, reviewId: "00000000-0000-4000-8000-000000000000", label: "POSITIVE" })).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(await refused({ reviewId: "00000000-0000-4000-8000-000000000000", label: "POSITIVE" })).toEqual({ code: "BAD_USER_INPUT", message: "No review has this id" });
    expect((await admin.request(FeedbackPageDocument, { first: 10 })).data.feedback.summary.count).toBe(3);
  });

  it("stores nothing and says SERVICE_UNAVAILABLE while the model cannot score the text", async () => {
    await stack.kill("ml");
    try {
      expect(await codeOf(readerA.request(SubmitFeedbackDocument, { input: { text: "Scored by nobody at all", label: "POSITIVE" } }))).toBe("SERVICE_UNAVAILABLE");
    } finally {
      await stack.start("ml");
    }
    expect((await admin.request(FeedbackPageDocument, { first: 10 })).data.feedback.summary.count).toBe(3);
  });

  it("refuses a caller's feedback on a new text past FEEDBACK_MAX_PER_CALLER with QUOTA_EXCEEDED, still replaces a kept one, and counts refusals", async () => {
    const reader = busyReader;
    const texts = Array.from({ length: MAX_PER_CALLER }, (_, i) => `Kept feedback text number ${i + 1}`);
    for (const kept of texts) await reader.request(SubmitFeedbackDocument, { input: { text: kept, label: "POSITIVE" } });
    const refused = await reader.request(SubmitFeedbackDocument, { input: { text: "One text too many", label: "POSITIVE" } }).then(() => null, (e: unknown) => e as GraphQLRequestError);
    expect(refused).toMatchObject({ code: "QUOTA_EXCEEDED", message: expect.stringContaining(`${MAX_PER_CALLER} feedback texts`) });
    const replaced = (await reader.request(SubmitFeedbackDocument, { input: { text: texts[0] as string, label: "NEGATIVE" } })).data.submitFeedback;
    expect(replaced.label).toBe("NEGATIVE");
    const all = (await admin.request(FeedbackPageDocument, { first: 100 })).data.feedback.edges.map((e) => e.node.text);
    expect(all).not.toContain("One text too many");
    expect(await (await fetch(stack.metricsUrls.reviews)).text()).toMatch(/^feedback_quota_refusals_total(\{[^}]*\})? 1$/m);
  });
});
