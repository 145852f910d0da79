// What the bench asks of each stack. Texts are new on every request (the model must work, no
// cache of earlier answers can serve them), except where a scenario reads the same page again.
import { bodyTemplate, type BodyTemplate, type ValueKind } from "./load/body-template.js";

export type ScenarioKey = "a" | "b" | "c" | "d" | "e";

export interface Scenario {
  key: ScenarioKey;
  name: string;
  query: string;
  variable?: { name: string; kind: Exclude<ValueKind, "none"> };
  /** the baseline answers this document too */
  vanilla: boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  { key: "a", name: "(a) analyzeReview, new text each request", query: "query ($t: String!) { analyzeReview(text: $t) { sentiment { label score } } }", variable: { name: "t", kind: "fresh-text" }, vanilla: true },
  { key: "b", name: "(b) review(id) with sentiment", query: "query ($id: ID!) { review(id: $id) { id text sentiment { label score } } }", variable: { name: "id", kind: "cycle" }, vanilla: false },
  { key: "c", name: "(c) submitReview", query: "mutation ($t: String!) { submitReview(input: { text: $t }) { id } }", variable: { name: "t", kind: "fresh-text" }, vanilla: false },
  { key: "d", name: "(d) reviews(first: 100) with sentiment", query: "{ reviews(first: 100) { edges { node { id text sentiment { label score } } } } }", vanilla: true },
  {
    key: "e",
    name: "(e) analyzeReview, five sentences, with sentences and explanation",
    query: "query ($t: String!) { analyzeReview(text: $t) { sentiment { label score mixed sentences { start end label score } explanation { word start end weight } } } }",
    variable: { name: "t", kind: "five-sentences" },
    vanilla: false,
  },
];

/** Texts are drawn for each run (so no two runs send the same text); ids are the stored reviews. */
export function templateFor(scenario: Scenario, source: { nextText: () => string; storedIds: readonly string[] }, tag: string): BodyTemplate {
  const variable = scenario.variable;
  if (!variable) return bodyTemplate(scenario.query, undefined, tag);
  const pool = variable.kind === "cycle" ? [...source.storedIds] : Array.from({ length: 500 }, source.nextText);
  return bodyTemplate(scenario.query, { name: variable.name, kind: variable.kind, pool }, tag);
}
