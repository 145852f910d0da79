import { describe, expect, it } from "vitest";
import { bodySequence, bodyTemplate, renderBody } from "./body-template.js";

describe("body templates", () => {
  it("render valid JSON with the variable in place", () => {
    const template = bodyTemplate("query ($t: String!) { a(t: $t) }", { name: "t", kind: "fresh-text", pool: ["good film"] }, "r1");
    expect(JSON.parse(renderBody(template, 7))).toEqual({ query: "query ($t: String!) { a(t: $t) }", variables: { t: "good film r1-7" } });
  });

  it("escape pool values that need it in a JSON string", () => {
    const template = bodyTemplate("q", { name: "t", kind: "cycle", pool: ['a "quoted"\nline'] }, "r1");
    expect(JSON.parse(renderBody(template, 1)).variables.t).toBe('a "quoted"\nline');
  });

  it("give a different text to every request of a fresh-text run", () => {
    const next = bodySequence(bodyTemplate("q", { name: "t", kind: "fresh-text", pool: ["one", "two"] }, "r1"));
    const bodies = Array.from({ length: 1000 }, next);
    expect(new Set(bodies).size).toBe(1000);
  });

  it("make five sentences for the five-sentence kind", () => {
    const template = bodyTemplate("q", { name: "t", kind: "five-sentences", pool: ["a", "b", "c"] }, "r1");
    expect(JSON.parse(renderBody(template, 2)).variables.t.match(/\./g)).toHaveLength(5);
  });

  it("send the query alone when there is no variable", () => {
    expect(renderBody(bodyTemplate("{ a }", undefined, "r1"), 3)).toBe('{"query":"{ a }"}');
  });

  it("refuse a tag that would need escaping", () => {
    expect(() => bodyTemplate("q", undefined, 'bad"tag')).toThrow(/letters, digits and dashes/);
  });
});
