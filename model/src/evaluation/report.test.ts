import { describe, expect, it } from "vitest";
import { comparisonTable, compareMeasures, DEFAULT_COMPARE_MARGINS, renderComparison, type Measure } from "./compare.js";
import { renderComparisonReport } from "./report.js";

const measures: Measure[] = [
  { kind: "accuracy", name: "film test split", current: 0.9647, candidate: 0.9659, count: 3256 },
  { kind: "accuracy", name: "hotels <held out> & more", current: 0.7, candidate: 0.68, count: 40 },
  { kind: "failureRate", name: "behavioural suite: negation", current: 0.2, candidate: 0.19, count: 554 },
  { kind: "timePerText", name: "time per text, batch 1", current: 10, candidate: 11 },
];
const rows = compareMeasures(measures, DEFAULT_COMPARE_MARGINS);
const models = { current: { path: "/models/current.onnx", sha256: "a".repeat(64) }, candidate: { path: "/models/candidate.onnx", sha256: "b".repeat(64) } };

describe("the comparison page (npm run model:compare -- --report)", () => {
  it("shows every row of the terminal's table, cell for cell, in the same order", () => {
    const page = renderComparisonReport(models, rows, DEFAULT_COMPARE_MARGINS);
    const markdown = renderComparison(rows, DEFAULT_COMPARE_MARGINS).split("\n").slice(2);
    const escape = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const measuresTable = page.slice(page.indexOf("<h2>Measures</h2>"));
    const pageRows = [...measuresTable.matchAll(/<tr( class="loses")?><td>(.*?)<\/tr>/g)].map((m) => [...`<td>${m[2]}`.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]));
    expect(pageRows).toEqual(markdown.map((line) => line.split("|").slice(1, -1).map((c) => escape(c.trim()))));
  });

  it("marks the rows where the candidate loses and ends with the same verdict as the terminal", () => {
    const page = renderComparisonReport(models, rows, DEFAULT_COMPARE_MARGINS);
    const losing = comparisonTable(rows, DEFAULT_COMPARE_MARGINS).filter((r) => r.loses).map((r) => r.cells[0]);
    expect(losing).toEqual(["hotels <held out> & more: accuracy (40)"]);
    expect(page).toContain('<tr class="loses"><td>hotels &lt;held out&gt; &amp; more: accuracy (40)</td>');
    expect(page.match(/class="loses"/g)).toHaveLength(1);
    expect(page).toContain("<strong>the candidate loses beyond the margins on: hotels &lt;held out&gt; &amp; more</strong>");
    expect(page).toContain("/models/candidate.onnx");
  });
});
