import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { apiSchemaOf, composeSupergraph } from "@sentiment/schema/compose";
import { API_SCHEMA_PATH, readSubgraphSdl, SUPERGRAPH_PATH } from "@sentiment/schema";
import { parse } from "graphql";

describe("schema/supergraph.graphql", () => {
  it("is what composing the subgraph SDLs gives today (run `npm run compose` when this fails)", () => {
    expect(readFileSync(SUPERGRAPH_PATH, "utf8")).toBe(composeSupergraph());
  });

  it("schema/api.graphql is the supergraph's client-facing schema (run `npm run compose` when this fails)", () => {
    expect(readFileSync(API_SCHEMA_PATH, "utf8")).toBe(apiSchemaOf(readFileSync(SUPERGRAPH_PATH, "utf8")));
  });

  it.each(["reviews", "ml"] as const)("%s SDL describes every type, field, argument and enum value", (name) => {
    const undocumented: string[] = [];
    for (const definition of parse(readSubgraphSdl(name)).definitions) {
      if (!("name" in definition) || !definition.name) continue;
      const typeName = definition.name.value;
      const isRoot = typeName === "Query" || typeName === "Mutation";
      if (!isRoot && !("description" in definition && definition.description)) undocumented.push(typeName);
      const members = "fields" in definition ? definition.fields ?? [] : "values" in definition ? definition.values ?? [] : [];
      for (const member of members) {
        if (!member.description) undocumented.push(`${typeName}.${member.name.value}`);
        for (const argument of "arguments" in member ? member.arguments ?? [] : []) {
          if (!argument.description) undocumented.push(`${typeName}.${member.name.value}(${argument.name.value})`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });
});
