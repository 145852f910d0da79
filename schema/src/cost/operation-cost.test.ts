import { readFileSync } from "node:fs";
import fc from "fast-check";
import { buildSchema, parse, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { API_SCHEMA_PATH, SUPERGRAPH_PATH } from "../subgraphs.js";
import { costRulesOf, type CostRules } from "./cost-rules.js";
import { operationCost } from "./operation-cost.js";

const apiSchema = buildSchema(readFileSync(API_SCHEMA_PATH, "utf8"));
const supergraphRules = costRulesOf(readFileSync(SUPERGRAPH_PATH, "utf8"));

function costIn(schema: GraphQLSchema, rules: CostRules, source: string, variables: Record<string, unknown> = {}): number | null {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  if (!operation) throw new Error("no operation");
  return operationCost(schema, rules, document, operation, variables);
}

const cost = (source: string, variables: Record<string, unknown> = {}) => costIn(apiSchema, supergraphRules, source, variables);
const texts = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `text ${i}`));

describe("list-aware operation cost", () => {
  it("multiplies a sentiment by the number of texts given literally or in variables", () => {
    const literal = cost(`{ analyzeReviews(texts: ${texts(10)}) { sentiment { label } } }`);
    const variable = cost(`query ($t: [String!]!) { analyzeReviews(texts: $t) { sentiment { label } } }`, { t: JSON.parse(texts(10)) });
    expect(literal).toBe(1 + 10 * (10 + 1));
    expect(variable).toBe(literal);
  });

  it("counts a list variable's default value like a list sent in the variables", () => {
    const sent = cost(`query ($t: [String!]!) { analyzeReviews(texts: $t) { sentiment { label } } }`, { t: JSON.parse(texts(100)) });
    const defaulted = cost(`query ($t: [String!]! = ${texts(100)}) { analyzeReviews(texts: $t) { sentiment { label } } }`, {});
    expect(defaulted).toBe(sent);
    expect(defaulted).toBeGreaterThan(1000);
  });

  it("counts a page size variable's default value", () => {
    const defaulted = cost(`query ($f: Int = 100) { reviews(first: $f) { edges { node { sentiment { label } } } } }`);
    const sent = cost(`query ($f: Int) { reviews(first: $f) { edges { node { sentiment { label } } } } }`, { f: 100 });
    expect(defaulted).toBe(sent);
    expect(cost(`query ($f: Int = 100) { reviews(first: $f) { edges { node { id } } } }`, { f: 2 })).toBeLessThan(defaulted as number);
  });

  it("takes the schema's page size when first is not given", () => {
    expect(cost(`{ reviews { edges { node { id } } } }`)).toBe(cost(`{ reviews(first: 20) { edges { node { id } } } }`));
  });

  it("has no opinion on variables that execution will refuse", () => {
    expect(cost(`query ($f: Int) { reviews(first: $f) { edges { node { id } } } }`, { f: "many" })).toBeNull();
  });
});

describe("what the model work of sentences and the mixed flag costs", () => {
  const batch = (n: number, selection: string) => cost(`query ($t: [String!]!) { analyzeReviews(texts: $t) { text sentiment { ${selection} } } }`, { t: JSON.parse(texts(n)) });

  it("counts every sentence a text may have (up to 64) for the fields selected on each", () => {
    expect(batch(1, "sentences { label }")).toBe(1 + 1 + 10 + 15 + 64 * 1);
    expect(batch(1, "sentences { start end label }")).toBe(1 + 1 + 10 + 15 + 64 * 3);
  });

  it("prices the mixed flag as the sentences' model inputs, without their fields", () => {
    expect(batch(1, "label mixed")).toBe(1 + 1 + 10 + 1 + 15);
  });

  // The examples of the cost limit in docs/security.md (MAX_COST 5000).
  it("admits 100 texts with their labels and mixed flags, and 20 texts with sentences and five words each, but not 100", () => {
    expect(batch(100, "label")).toBe(1201);
    expect(batch(100, "label mixed")).toBe(2701);
    expect(batch(20, "sentences { start end label } explanation { word weight }")).toBe(4661);
    expect(batch(100, "sentences { start end label } explanation { word weight }")).toBe(23301);
  });
});

describe("weights and sizes come from the SDL", () => {
  it("weighs a sentiment 10, as its @cost says, and a field without @cost 1", () => {
    expect(cost(`{ analyzeReview(text: "fine film") { text sentiment { label } } }`)).toBe(1 + 1 + 10 + 1);
  });

  it("counts explanation words by top, with the argument's default when it is not given", () => {
    const words = (top: string) => cost(`{ analyzeReview(text: "fine film") { sentiment { explanation${top} { word } } } }`);
    expect(words("(top: 20)")).toBe(1 + 10 + 5 + 20);
    expect(words("")).toBe(words("(top: 5)"));
  });

  it("sizes a page's edges by first, and not its pageInfo", () => {
    expect(cost(`{ reviews(first: 10) { edges { node { id } } pageInfo { hasNextPage } } }`)).toBe(1 + (1 + 10 * (1 + 1)) + (1 + 1));
  });

  it("falls back to assumedSize when the slicing argument is null", () => {
    expect(cost(`{ reviews(first: null) { edges { cursor } } }`)).toBe(cost(`{ reviews(first: 100) { edges { cursor } } }`));
  });

  it("prices a field added to the SDL without any change to this code", () => {
    const sdl = `
      directive @cost(weight: Int!) on FIELD_DEFINITION
      directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
      type Query { summaries(limit: Int = 3): [Summary!]! @listSize(slicingArguments: ["limit"]) }
      type Summary { text: String! digest: String! @cost(weight: 7) }`;
    const schema = buildSchema(sdl);
    expect(costIn(schema, costRulesOf(sdl), `{ summaries { text digest } }`)).toBe(1 + 3 * (1 + 7));
    expect(costIn(schema, costRulesOf(sdl), `{ summaries(limit: 10) { digest } }`)).toBe(1 + 10 * 7);
  });
});

// A selection over the real API schema, as a fragment body and as an inlined selection.
const sentimentSelection = fc.subarray(["label", "score", "positiveProbability", "modelVersion", "mixed", "sentences { text label }", "explanation { word weight }", "explanation(top: 20) { word }"], { minLength: 1 });
const pageSize = fc.integer({ min: 0, max: 1000 });

describe("cost properties", () => {
  it("grows with first: a larger page never costs less", () => {
    fc.assert(
      fc.property(pageSize, pageSize, sentimentSelection, (a, b, fields) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        const page = (n: number) => cost(`{ reviews(first: ${n}) { edges { node { id sentiment { ${fields.join(" ")} } } } } }`) as number;
        expect(page(small)).toBeLessThanOrEqual(page(large));
      }),
    );
  });

  it("counts a fragment spread as the selection it stands for", () => {
    fc.assert(
      fc.property(pageSize, sentimentSelection, (first, fields) => {
        const inlined = cost(`{ reviews(first: ${first}) { edges { node { sentiment { ${fields.join(" ")} } } } } }`);
        const spread = cost(`{ reviews(first: ${first}) { edges { node { sentiment { ...S } } } } } fragment S on Sentiment { ${fields.join(" ")} }`);
        const inlineFragment = cost(`{ reviews(first: ${first}) { edges { node { sentiment { ... on Sentiment { ${fields.join(" ")} } } } } } }`);
        expect(spread).toBe(inlined);
        expect(inlineFragment).toBe(inlined);
      }),
    );
  });

  it("is never negative, whatever sizes the client sends", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), fc.integer({ min: -2147483648, max: 2147483647 }), (first, top) => {
        const value = cost(`query ($f: Int, $t: Int) { reviews(first: $f) { edges { node { sentiment { explanation(top: $t) { word } } } } } }`, { f: first, t: top });
        expect(value).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("stays finite at any depth the depth limit allows, with the largest sizes", () => {
    // Nested self-similar lists are the worst case: each level multiplies by the largest Int.
    const sdl = `
      directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
      type Query { items(first: Int): [Item!]! @listSize(slicingArguments: ["first"]) }
      type Item { id: ID! items(first: Int): [Item!]! @listSize(slicingArguments: ["first"]) }`;
    const schema = buildSchema(sdl);
    const rules = costRulesOf(sdl);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (depth) => {
        const query = `{ ${"items(first: 2147483647) { ".repeat(depth)}id${" }".repeat(depth)} }`;
        const value = costIn(schema, rules, query) as number;
        expect(Number.isFinite(value)).toBe(true);
        expect(value).toBeGreaterThan(0);
      }),
      { numRuns: 30 },
    );
  });
});
