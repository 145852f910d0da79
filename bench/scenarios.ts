// What the bench asks of each stack. Texts are new on every request (the model must work, no
// cache of earlier answers can serve them), except where a scenario reads the same page again.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bodyTemplate, type BodyTemplate, type ValueKind } from "./load/body-template.js";

export type ScenarioKey = "a" | "b" | "c" | "d" | "e";

export interface Scenario {
  key: ScenarioKey;
  name: string;
  /** the operation of the client's persisted-operations manifest this scenario sends */
  operation: string;
  variable?: { name: string; kind: Exclude<ValueKind, "none"> };
  /** variables with the same value in every request */
  constants?: Record<string, unknown>;
  /** the baseline answers this document too */
  vanilla: boolean;
}

// The documents are the generated client's own (client/generated/persisted-documents.json), sent
// as text: the project runs as in production, where only manifest operations are allowed, and
// the baseline parses exactly the same documents.
const MANIFEST_PATH = fileURLToPath(new URL("../client/generated/persisted-documents.json", import.meta.url));
const manifest = Object.values(JSON.parse(readFileSync(MANIFEST_PATH, "utf8")) as Record<string, string>);

export function manifestDocument(operation: string): string {
  const document = manifest.find((d) => new RegExp(`^(query|mutation) ${operation}\\b`).test(d));
  if (!document) throw new Error(`the persisted-operations manifest ${MANIFEST_PATH} has no operation ${operation}: run npm run codegen`);
  return document;
}

export const SCENARIOS: readonly Scenario[] = [
  { key: "a", name: "(a) AnalyzeReview, new text each request", operation: "AnalyzeReview", variable: { name: "text", kind: "fresh-text" }, vanilla: true },
  { key: "b", name: "(b) Review(id) with sentiment", operation: "Review", variable: { name: "id", kind: "cycle" }, vanilla: false },
  { key: "c", name: "(c) SubmitReview", operation: "SubmitReview", variable: { name: "text", kind: "fresh-text" }, vanilla: false },
  { key: "d", name: "(d) ReviewsPage(first: 100) with sentiment", operation: "ReviewsPage", constants: { first: 100 }, vanilla: true },
  { key: "e", name: "(e) AnalyzeReviewDetail, five sentences, with sentences and explanation", operation: "AnalyzeReviewDetail", variable: { name: "text", kind: "five-sentences" }, vanilla: false },
];

/** Texts are drawn for each run (so no two runs send the same text); ids are the stored reviews. */
export function templateFor(scenario: Scenario, source: { nextText: () => string; storedIds: readonly string[] }, tag: string): BodyTemplate {
  const variable = scenario.variable;
  const query = manifestDocument(scenario.operation);
  if (!variable) return bodyTemplate(query, undefined, tag, scenario.constants);
  const pool = variable.kind === "cycle" ? [...source.storedIds] : Array.from({ length: 500 }, source.nextText);
  return bodyTemplate(query, { name: variable.name, kind: variable.kind, pool }, tag, scenario.constants);
}
