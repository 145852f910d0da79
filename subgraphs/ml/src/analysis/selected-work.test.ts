import { buildSchema, execute, parse, type GraphQLResolveInfo } from "graphql";
import { describe, expect, it } from "vitest";
import { selectedWork, type SelectedWork } from "./selected-work.js";

// A real schema and executor, so the resolver info is the one graphql-js builds.
const schema = buildSchema(`
  type Word { word: String! }
  type Sentence { text: String! }
  type Sentiment { label: String! mixed: Boolean! sentences: [Sentence!]! explanation(top: Int = 5): [Word!]! }
  type Query { sentiment: Sentiment }
`);

function workOf(document: string): SelectedWork {
  let work: SelectedWork | undefined;
  execute({
    schema,
    document: parse(document),
    rootValue: {
      sentiment: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
        work = selectedWork(info);
        return null;
      },
    },
  });
  if (!work) throw new Error("the resolver did not run");
  return work;
}

describe("work selected on a Sentiment", () => {
  it("asks for nothing extra when only the label is selected", () => {
    expect(workOf("{ sentiment { label } }")).toEqual({ sentences: false, explanation: false });
  });

  it("asks for the sentences when they are selected", () => {
    expect(workOf("{ sentiment { sentences { text } } }")).toEqual({ sentences: true, explanation: false });
  });

  it("asks for the sentences when only the mixed flag is selected", () => {
    expect(workOf("{ sentiment { mixed } }")).toEqual({ sentences: true, explanation: false });
  });

  it("asks for contributions when the explanation is selected under an alias", () => {
    expect(workOf("{ sentiment { label why: explanation(top: 3) { word } } }")).toEqual({ sentences: false, explanation: true });
  });

  it("sees fields inside named and inline fragments", () => {
    expect(workOf("{ sentiment { ...Parts } } fragment Parts on Sentiment { ... on Sentiment { explanation { word } } mixed }")).toEqual({ sentences: true, explanation: true });
  });

  it("sees the selections of a field repeated in the document", () => {
    expect(workOf("{ sentiment { label } sentiment { sentences { text } } }")).toEqual({ sentences: true, explanation: false });
  });
});
