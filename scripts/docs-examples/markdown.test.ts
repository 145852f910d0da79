import { describe, expect, it } from "vitest";
import { findExamples, formatAnswer, formatValue, rewrite, valueAt } from "./markdown.js";

const QUERY_EXAMPLE = ["intro", "<!-- example: query -->", "```graphql", "{ a }", "```", "", "```json", '{"old": 1}', "```", "after"].join("\n");
const SHELL_EXAMPLE = ["<!-- example: shell -->", "```sh", "export KEY=x", "curl -s http://127.0.0.1:4000/graphql \\", "  -d '{}'", "# old answer", "# second line", "```"].join("\n");

describe("finding marked examples", () => {
  it("pairs a query example's graphql block with the json block after it", () => {
    expect(findExamples(QUERY_EXAMPLE, "README.md")).toEqual([{ kind: "query", line: 2, query: "{ a }", answerStart: 7, answerEnd: 8 }]);
  });

  it("takes a shell example's commands and leaves out the `# ` lines that end it, its output", () => {
    const [example] = findExamples(SHELL_EXAMPLE, "README.md");
    expect(example).toEqual({ kind: "shell", line: 1, commands: "export KEY=x\ncurl -s http://127.0.0.1:4000/graphql \\\n  -d '{}'", outputStart: 5, outputEnd: 7 });
  });

  it("finds a figure marked in prose, with its query, path and decimals", () => {
    const line = 'at <!-- example: value "{ f(t: \\"x\\") { w } }" data.f.w 2 -->−5.15<!-- /example -->.';
    expect(findExamples(line, "README.md")).toEqual([{ kind: "value", line: 1, query: '{ f(t: "x") { w } }', path: "data.f.w", digits: 2, start: line.indexOf("−5.15"), end: line.indexOf("−5.15") + 5 }]);
  });

  it("ignores blocks without a marker", () => {
    expect(findExamples("```graphql\n{ a }\n```\n```json\n{}\n```", "README.md")).toEqual([]);
  });

  it("names the file and line of a query marker without its answer block", () => {
    expect(() => findExamples("x\n<!-- example: query -->\n```graphql\n{ a }\n```\ntext", "docs/a.md")).toThrow('docs/a.md:2: the example\'s ```graphql block must be followed by a ```json block');
  });

  it("names the file and line of a marker not followed by its block", () => {
    expect(() => findExamples("<!-- example: shell -->\n```graphql\n{ a }\n```", "README.md")).toThrow('README.md:1: an "example: shell" marker must be followed by a ```sh block');
  });
});

describe("rewriting the answers", () => {
  it("replaces a query example's json block and nothing else", () => {
    const examples = findExamples(QUERY_EXAMPLE, "README.md");
    expect(rewrite(QUERY_EXAMPLE, examples, ['{"new": 2}'])).toBe(QUERY_EXAMPLE.replace('{"old": 1}', '{"new": 2}'));
  });

  it("writes a shell example's output as `# ` lines, however many there were", () => {
    const examples = findExamples(SHELL_EXAMPLE, "README.md");
    expect(rewrite(SHELL_EXAMPLE, examples, ['{"data":1}'])).toBe(SHELL_EXAMPLE.replace("# old answer\n# second line", '# {"data":1}'));
  });

  it("replaces a figure in prose in place, the markers kept", () => {
    const text = 'a <!-- example: value "{ a }" data.a 1 -->1.0<!-- /example --> b <!-- example: value "{ b }" data.b 1 -->2.0<!-- /example -->';
    expect(rewrite(text, findExamples(text, "README.md"), ["3.5", "4.25"])).toBe(text.replace(">1.0<", ">3.5<").replace(">2.0<", ">4.25<"));
  });

  it("is the same text again when the answers have not changed", () => {
    const text = `${QUERY_EXAMPLE}\n${SHELL_EXAMPLE}`;
    expect(rewrite(text, findExamples(text, "README.md"), ['{"old": 1}', "old answer\nsecond line"])).toBe(text);
  });
});

describe("answers as the documentation shows them", () => {
  it("lays objects of plain values on one line and nests the rest", () => {
    expect(formatAnswer({ data: { a: { label: "NEGATIVE", score: 99.98 }, list: [{ w: "x" }, { w: "y" }] } })).toBe(
      ['{', '  "data": {', '    "a": {"label": "NEGATIVE", "score": 99.98},', '    "list": [', '      {"w": "x"},', '      {"w": "y"}', "    ]", "  }", "}"].join("\n"),
    );
  });

  it("shortens numbers to five significant digits and keeps integers whole", () => {
    expect(formatAnswer([0.000521634, 2.875123, 123456, 99.983])).toBe("[0.00052163, 2.8751, 123456, 99.983]");
  });

  it("writes a figure in prose with fixed decimals and a true minus sign", () => {
    expect(formatValue(-5.1549, 2)).toBe("−5.15");
    expect(formatValue("terrible", 0)).toBe("terrible");
  });

  it("finds a value by path through arrays, and names a path that is not there", () => {
    expect(valueAt({ data: { e: [{ w: 1 }] } }, "data.e.0.w")).toBe(1);
    expect(() => valueAt({ data: {} }, "data.e.0.w")).toThrow("the answer has nothing at data.e.0.w");
  });
});
