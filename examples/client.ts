// A typed client of the sentiment API: submit a review, page through reviews with their
// sentiment, analyse one text (also sentence by sentence, with the words that drove the answer)
// and a batch, and handle errors by their code.
//   GATEWAY_URL=http://127.0.0.1:4000/graphql SENTIMENT_API_KEY=sgk_… npx tsx examples/client.ts
import { randomUUID } from "node:crypto";
import { AnalyzeReviewDetailDocument, AnalyzeReviewDocument, AnalyzeReviewsDocument, ReviewsPageDocument, SubmitReviewDocument, type ReviewsPageQuery } from "../client/generated/graphql.js";
import { GraphQLRequestError, createClient, type Result } from "../client/request.js";

const client = createClient({
  url: process.env.GATEWAY_URL ?? "http://127.0.0.1:4000/graphql",
  apiKey: process.env.SENTIMENT_API_KEY,
  persisted: process.env.PERSISTED !== "false",
});

// 1. Submit a review (needs a writer key), once: the key names this write, so sending it again
// after a lost answer returns the review already stored instead of storing a second one.
const submission = { text: "The staff were friendly and the coffee was excellent.", idempotencyKey: randomUUID() };
const { data: submitted } = await client.request(SubmitReviewDocument, submission);
const { data: retried } = await client.request(SubmitReviewDocument, submission);
console.log(`submitted ${submitted.submitReview.id}: "${submitted.submitReview.text}" (sent twice, stored once: ${retried.submitReview.id === submitted.submitReview.id})`);

// 2. Page through the newest reviews with their sentiment.
let after: string | null = null;
for (let page = 1; page <= 2; page += 1) {
  const { data, errors }: Result<ReviewsPageQuery> = await client.request(ReviewsPageDocument, { first: 3, after });
  for (const { node } of data.reviews.edges) {
    // sentiment is null (with a SERVICE_UNAVAILABLE error beside it) while the model is down
    const verdict = node.sentiment ? `${node.sentiment.label} ${node.sentiment.score.toFixed(1)}%` : "sentiment unavailable";
    console.log(`page ${page}: ${verdict.padEnd(16)} ${node.text}`);
  }
  if (errors.length > 0) console.log(`page ${page}: partial answer (${errors.map((e) => e.extensions?.code).join(", ")})`);
  if (!data.reviews.pageInfo.hasNextPage) break;
  after = data.reviews.pageInfo.endCursor ?? null;
}

// 3. One-shot analysis, nothing stored.
const { data: one } = await client.request(AnalyzeReviewDocument, { text: "This is a must see." });
console.log(`analyzeReview: ${one.analyzeReview.sentiment?.label} (p(positive) = ${one.analyzeReview.sentiment?.positiveProbability.toFixed(3)})`);

// 4. A review in detail: each sentence's reading, the mixed flag and the strongest words.
//    Offsets are UTF-16 indices into `text`, so text.slice(start, end) is the sentence or word.
const { data: detail, errors: detailErrors } = await client.request(AnalyzeReviewDetailDocument, { text: "The food was cold and bland. The waiter was friendly and helpful.", top: 4 });
const review = detail.analyzeReview;
if (review.sentiment) {
  console.log(`in detail: ${review.sentiment.label} ${review.sentiment.score.toFixed(1)}%${review.sentiment.mixed ? ", mixed" : ""}`);
  for (const s of review.sentiment.sentences) console.log(`  sentence [${s.start}, ${s.end}) ${s.label} ${s.score.toFixed(1)}%: ${review.text.slice(s.start, s.end)}`);
  const words = review.sentiment.explanation.map((w) => `${w.word} ${w.weight >= 0 ? "+" : ""}${w.weight.toFixed(2)}`);
  console.log(`  top words (log-odds towards POSITIVE): ${words.join(", ")}`);
} else {
  console.log(`in detail: unavailable (${detailErrors.map((e) => e.extensions?.code).join(", ")})`);
}

// 5. Batch analysis: answers come in the order of the texts.
const texts = ["Battery died after two days.", "Delicious food and quick service.", "Not worth the money."];
const { data: batch } = await client.request(AnalyzeReviewsDocument, { texts });
batch.analyzeReviews.forEach((a, i) => console.log(`analyzeReviews[${i}]: ${a.sentiment?.label} ${texts[i]}`));

// 6. Errors come with a stable code and, for input errors, the field.
try {
  await client.request(AnalyzeReviewDocument, { text: "123458303" });
} catch (error) {
  if (error instanceof GraphQLRequestError && error.code === "BAD_USER_INPUT") {
    console.log(`rejected as expected: ${error.message} (field ${error.errors[0]?.extensions?.field})`);
  } else {
    throw error;
  }
}
