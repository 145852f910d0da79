import { readFileSync } from "node:fs";
import { API_LIMITS, API_SCHEMA_PATH, SUPERGRAPH_PATH, costRulesOf, operationCost } from "@sentiment/schema";
import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { mlConfigSchema } from "./config.js";
import { callerLimit } from "./inference/batcher.js";

const MAX_COST = 5000;

describe("the ML service's default queue bound", () => {
  it("holds the model inputs of the largest request the cost limit admits, within one caller's share, so that it can run on an idle service", () => {
    const schema = buildSchema(readFileSync(API_SCHEMA_PATH, "utf8"));
    const rules = costRulesOf(readFileSync(SUPERGRAPH_PATH, "utf8"));
    // The cheapest selection that makes every sentence a model input, on as many texts as the cost allows.
    const texts = (n: number) => Array.from({ length: n }, () => "fine film");
    const document = parse(`query ($a: [String!]!, $b: [String!]!) { a: analyzeReviews(texts: $a) { sentiment { mixed } } b: analyzeReviews(texts: $b) { sentiment { mixed } } }`);
    const cost = (a: number, b: number) => operationCost(schema, rules, document, document.definitions[0] as OperationDefinitionNode, { a: texts(a), b: texts(b) }) as number;
    expect(cost(100, 99)).toBeLessThanOrEqual(MAX_COST);
    expect(cost(100, 100)).toBeGreaterThan(MAX_COST);
    const inputs = 199 * (1 + API_LIMITS.sentencesPerText.max);
    expect(callerLimit(mlConfigSchema.parse({ SUBGRAPH_SECRET: "s".repeat(32) }).MAX_QUEUE)).toBeGreaterThanOrEqual(inputs);
  });
});

describe("the ML service's rollout settings", () => {
  const secret = "s".repeat(32);

  it("reads the rollout state only with both the reviews URL and its secret", () => {
    const refused = mlConfigSchema.safeParse({ SUBGRAPH_SECRET: secret, ROLLOUT_URL: "http://127.0.0.1:4001/graphql" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["ROLLOUT_SECRET", "ROLLOUT_URL and ROLLOUT_SECRET are set together or not at all"]]);
    expect(mlConfigSchema.safeParse({ SUBGRAPH_SECRET: secret, ROLLOUT_URL: "http://127.0.0.1:4001/graphql", ROLLOUT_SECRET: secret }).success).toBe(true);
  });

  it("serves MODEL_PATH alone by default: no model directory, no rollout source", () => {
    const config = mlConfigSchema.parse({ SUBGRAPH_SECRET: secret });
    expect([config.MODEL_DIR, config.ROLLOUT_URL, config.ROLLOUT_POLL_MS]).toEqual([undefined, undefined, 2_000]);
  });
});
