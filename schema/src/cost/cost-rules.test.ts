import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SUPERGRAPH_PATH, readSubgraphSdl } from "../subgraphs.js";
import { CostRuleError, costRulesOf } from "./cost-rules.js";

describe("cost rules read from the SDL", () => {
  it("reads the committed supergraph's weights and list sizes, keyed by Type.field", () => {
    const rules = costRulesOf(readFileSync(SUPERGRAPH_PATH, "utf8"));
    expect(rules.get("Review.sentiment")?.weight).toBe(10);
    expect(rules.get("Sentiment.explanation")).toEqual({ weight: 5, listSize: { assumedSize: 20, slicingArguments: ["top"], sizedFields: [] } });
    expect(rules.get("Query.reviews")?.listSize).toEqual({ assumedSize: 100, slicingArguments: ["first"], sizedFields: ["edges"] });
    expect(rules.has("Review.text")).toBe(false);
  });

  it("reads the same rules from the subgraph SDLs, where federation's @link names the directives", () => {
    const supergraph = costRulesOf(readFileSync(SUPERGRAPH_PATH, "utf8"));
    const subgraphs = new Map([...costRulesOf(readSubgraphSdl("reviews")), ...costRulesOf(readSubgraphSdl("ml"))]);
    expect(subgraphs).toEqual(supergraph);
  });

  it("follows the names a @link gives the directives", () => {
    const sdl = `
      extend schema @link(url: "https://specs.apollo.dev/cost/v0.1", as: "price", import: [{ name: "@listSize", as: "@howMany" }])
      type Query { a: [Int!]! @price(weight: 3) @howMany(assumedSize: 7) b: Int @cost(weight: 9) }`;
    expect(costRulesOf(sdl).get("Query.a")).toEqual({ weight: 3, listSize: { assumedSize: 7, slicingArguments: [], sizedFields: [] } });
    // Not the linked name: another directive that happens to be called @cost.
    expect(costRulesOf(sdl).has("Query.b")).toBe(false);
  });

  it("refuses a weight on a type, which this table would silently ignore", () => {
    expect(() => costRulesOf(`type Query { a: A } type A @cost(weight: 4) { b: Int }`)).toThrow(CostRuleError);
  });

  it("refuses a negative weight and a slicing argument the field does not have", () => {
    expect(() => costRulesOf(`type Query { a: Int @cost(weight: -1) }`)).toThrow(/at least 0/);
    expect(() => costRulesOf(`type Query { a(first: Int): [Int] @listSize(slicingArguments: ["last"]) }`)).toThrow(/not one of its arguments/);
  });
});
