import { readFileSync } from "node:fs";
import { buildASTSchema, Kind, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { MUTATION_ROLES, roleNeededBy } from "./anonymous-writes.js";

const roleOf = (source: string) => {
  const document = parse(source);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return roleNeededBy(operation, document);
};

describe("the role an anonymous write is told it needs", () => {
  it("is the reader's for feedback, which any key or token may give", () => {
    expect(roleOf(`mutation { submitFeedback(input: { text: "Lovely", label: POSITIVE }) { label } }`)).toBe("reader");
  });

  it("is the writer's for a review and the admin's for a deletion", () => {
    expect(roleOf(`mutation { submitReview(input: { text: "Lovely" }) { id } }`)).toBe("writer");
    expect(roleOf(`mutation { deleteReview(id: "1") }`)).toBe("admin");
  });

  it("is the highest any of its fields needs, fragments included", () => {
    expect(roleOf(`mutation { submitFeedback(input: { text: "Lovely", label: POSITIVE }) { label } ...F } fragment F on Mutation { submitReview(input: { text: "Lovely" }) { id } }`)).toBe("writer");
    expect(roleOf(`mutation { ... on Mutation { deleteReview(id: "1") } submitFeedback(input: { text: "Lovely", label: POSITIVE }) { label } }`)).toBe("admin");
  });

  it("is known for every mutation of the supergraph", () => {
    const schema = buildASTSchema(parse(readFileSync(new URL("../../../schema/supergraph.graphql", import.meta.url), "utf8")), { assumeValid: true, assumeValidSDL: true });
    expect(Object.keys(MUTATION_ROLES).sort()).toEqual(Object.keys(schema.getMutationType()?.getFields() ?? {}).sort());
  });
});
