import { readFileSync } from "node:fs";
import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { operationCost } from "../../gateway/src/limits/operation-cost.js";

const schema = buildSchema(readFileSync(new URL("../../schema/api.graphql", import.meta.url), "utf8"));

function cost(source: string, variables: Record<string, unknown> = {}): number | null {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  if (!operation) throw new Error("no operation");
  return operationCost(schema, document, operation, variables);
}

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
