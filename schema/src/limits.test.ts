import { readFileSync } from "node:fs";
import { buildSchema, type GraphQLArgument, type GraphQLField } from "graphql";
import { describe, expect, it } from "vitest";
import { costRulesOf } from "./cost/cost-rules.js";
import { API_LIMITS, LARGEST_LEGAL_BODY_BYTES } from "./limits.js";
import { SUPERGRAPH_PATH } from "./subgraphs.js";

const supergraph = readFileSync(SUPERGRAPH_PATH, "utf8");
// graphql-js builds the supergraph as plain SDL: its descriptions and defaults are what clients see.
const schema = buildSchema(supergraph);
const rules = costRulesOf(supergraph);

function field(type: string, name: string): GraphQLField<unknown, unknown> {
  const found = schema.getType(type);
  if (!found || !("getFields" in found)) throw new Error(`no type ${type}`);
  const result = found.getFields()[name];
  if (!result || !("args" in result)) throw new Error(`no field ${type}.${name}`);
  return result as GraphQLField<unknown, unknown>;
}

function argument(type: string, name: string, arg: string): GraphQLArgument {
  const result = field(type, name).args.find((a) => a.name === arg);
  if (!result) throw new Error(`no argument ${type}.${name}(${arg}:)`);
  return result;
}

describe("the SDL states the limits the services enforce", () => {
  // Feedback is paged by the same rule (and the same MAX_PAGE_SIZE) as reviews.
  it.each(["reviews", "feedback"])("pages of %s: default and largest size of first", (name) => {
    expect(argument("Query", name, "first").defaultValue).toBe(API_LIMITS.reviewsPage.default);
    expect(rules.get(`Query.${name}`)?.listSize?.assumedSize).toBe(API_LIMITS.reviewsPage.max);
    expect(argument("Query", name, "first").description).toContain(`1 to ${API_LIMITS.reviewsPage.max}`);
    expect(field("Query", name).description).toContain(`at most ${API_LIMITS.reviewsPage.max} per page`);
  });

  it("texts analysed in one call", () => {
    expect(rules.get("Query.analyzeReviews")?.listSize?.assumedSize).toBe(API_LIMITS.analyzeTexts.max);
    expect(argument("Query", "analyzeReviews", "texts").description).toContain(`(${API_LIMITS.analyzeTexts.min} to ${API_LIMITS.analyzeTexts.max})`);
    expect(field("Query", "analyzeReviews").description).toContain(`up to ${API_LIMITS.analyzeTexts.max} texts`);
  });

  it("length of a review text", () => {
    const input = schema.getType("SubmitReviewInput");
    const text = input && "getFields" in input ? input.getFields()["text"] : undefined;
    expect(text?.description).toContain(`${API_LIMITS.reviewText.min} to ${API_LIMITS.reviewText.max} characters`);
  });

  it("words of an explanation: default and largest top", () => {
    expect(argument("Sentiment", "explanation", "top").defaultValue).toBe(API_LIMITS.explanationWords.default);
    expect(rules.get("Sentiment.explanation")?.listSize?.assumedSize).toBe(API_LIMITS.explanationWords.max);
    expect(argument("Sentiment", "explanation", "top").description).toContain(`1 to ${API_LIMITS.explanationWords.max}`);
  });

  it("sentences of one text: the list's size, and the sentences and mixed descriptions", () => {
    expect(rules.get("Sentiment.sentences")?.listSize?.assumedSize).toBe(API_LIMITS.sentencesPerText.max);
    expect(field("Sentiment", "sentences").description).toContain(`more than ${API_LIMITS.sentencesPerText.max} sentences is refused`);
    expect(field("Sentiment", "mixed").description).toContain(`more than ${API_LIMITS.sentencesPerText.max} sentences is refused`);
  });
});

describe("the body limit and the schema's limits agree", () => {
  it("admits the largest legal batch as UTF-8 JSON: the most texts of the most four-byte characters", () => {
    const texts = Array.from({ length: API_LIMITS.analyzeTexts.max }, () => "😀".repeat(API_LIMITS.reviewText.max));
    const body = JSON.stringify({ query: "query AnalyzeReviews($texts: [String!]!) { analyzeReviews(texts: $texts) { text sentiment { label score } } }", variables: { texts } });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(LARGEST_LEGAL_BODY_BYTES);
  });

  it("stays within a few per cent of that batch, so that the limit still refuses what no legal request needs", () => {
    const texts = API_LIMITS.analyzeTexts.max * API_LIMITS.reviewText.max * 4;
    expect(LARGEST_LEGAL_BODY_BYTES / texts).toBeLessThan(1.05);
  });
});
