import { readFileSync } from "node:fs";
import { API_LIMITS, API_SCHEMA_PATH, SUPERGRAPH_PATH, costRulesOf, operationCost } from "@sentiment/schema";
import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { mlConfigSchema } from "./config.js";

const MAX_COST = 5000;

describe("the ML service's default queue bound", () => {
  it("holds the model inputs of the largest request the cost limit admits, so that it can run on an idle service", () => {
    const schema = buildSchema(readFileSync(API_SCHEMA_PATH, "utf8"));
    const rules = costRulesOf(readFileSync(SUPERGRAPH_PATH, "utf8"));
    // The cheapest selection that makes every sentence a model input, on as many texts as the cost allows.
    const texts = (n: number) => Array.from({ length: n }, () => "fine film");
    const document = parse(`query ($a: [String!]!, $b: [String!]!) { a: analyzeReviews(texts: $a) { sentiment { mixed } } b: analyzeReviews(texts: $b) { sentiment { mixed } } }`);
    const cost = (a: number, b: number) => operationCost(schema, rules, document, document.definitions[0] as OperationDefinitionNode, { a: texts(a), b: texts(b) }) as number;
    expect(cost(100, 99)).toBeLessThanOrEqual(MAX_COST);
    expect(cost(100, 100)).toBeGreaterThan(MAX_COST);
    const inputs = 199 * (1 + API_LIMITS.sentencesPerText.max);
    expect(mlConfigSchema.parse({ SUBGRAPH_SECRET: "s".repeat(32) }).MAX_QUEUE).toBeGreaterThanOrEqual(inputs);
  });
});
