import { describe, expect, it } from "vitest";
import { runCases, type SuiteResult, type TemplateCase } from "./behaviour.js";
import { behaviourMetrics, behaviourMetricsSchema, regressions, renderBehaviourHtml, renderMarkdown } from "./report.js";

const CASES: TemplateCase[] = [
  { id: "n/1", template: "n", capability: "negation", testType: "MFT", text: "Not <b>good</b> & \"cheap\".", expected: 0 },
  { id: "n/2", template: "n", capability: "negation", testType: "MFT", text: "No complaints.", expected: 1 },
  { id: "r/1.1", template: "r", capability: "robustness", testType: "INV", base: "Good.", variant: "GOOD." },
];
const result = (probability: (text: string) => number): Promise<SuiteResult> =>
  runCases((texts) => texts.map(probability), {
    split: "test",
    cases: CASES,
    natural: [{ id: "apps-1", domain: "apps", text: "It <script>alert(1)</script> crashes.", expected: 0 }],
  });

describe("the metrics.json block", () => {
  it("has the documented shape, capabilities keyed by name with their test types", async () => {
    const metrics = behaviourMetrics(await result(() => 0.9));
    expect(behaviourMetricsSchema.parse(metrics)).toEqual(metrics);
    expect(metrics).toEqual({
      format: "behaviour-suite/1",
      split: "test",
      threshold: 0.5,
      dirTolerance: 0,
      overall: { cases: 3, failures: 1, failureRate: 1 / 3 },
      capabilities: {
        negation: { cases: 2, failures: 1, failureRate: 0.5, byTestType: { MFT: { cases: 2, failures: 1, failureRate: 0.5 } } },
        robustness: { cases: 1, failures: 0, failureRate: 0, byTestType: { INV: { cases: 1, failures: 0, failureRate: 0 } } },
      },
      natural: { count: 1, correct: 0, accuracy: 0, byDomain: { apps: { count: 1, correct: 0, accuracy: 0 } } },
    });
  });

  it("serialises with the same key order every time", async () => {
    expect(JSON.stringify(behaviourMetrics(await result(() => 0.9)))).toBe(JSON.stringify(behaviourMetrics(await result(() => 0.9))));
  });
});

describe("regressions against recorded metrics", () => {
  it("finds none when nothing got worse", async () => {
    const metrics = behaviourMetrics(await result(() => 0.9));
    expect(regressions(metrics, metrics)).toEqual([]);
  });

  it("names a capability whose failure rate rose and a natural accuracy that fell", async () => {
    const recorded = behaviourMetrics(await result((t) => (t.startsWith("No") || t.startsWith("It") ? 0.1 : 0.9)));
    const current = behaviourMetrics(await result((t) => (t.startsWith("Not") || t.startsWith("It") ? 0.9 : 0.1)));
    expect(regressions(recorded, current)).toEqual([
      { measure: "negation failure rate", recorded: 0.5, current: 1 },
      { measure: "natural sentence accuracy", recorded: 1, current: 0 },
    ]);
    expect(regressions(recorded, current, 0.6).map((r) => r.measure)).toEqual(["natural sentence accuracy"]);
  });

  it("names a capability that is no longer measured", async () => {
    const recorded = behaviourMetrics(await result(() => 0.9));
    const current = structuredClone(recorded);
    delete current.capabilities.robustness;
    expect(regressions(recorded, current).map((r) => r.measure)).toEqual(["robustness failure rate (no longer measured)"]);
  });

  it("refuses to compare different splits", async () => {
    const recorded = behaviourMetrics(await result(() => 0.9));
    expect(() => regressions(recorded, { ...recorded, split: "dev" })).toThrow(/dev run with a recorded test run/);
  });
});

describe("the HTML section", () => {
  it("has a row per capability and per domain, and escapes every text it quotes", async () => {
    const html = renderBehaviourHtml(await result(() => 0.9));
    expect(html).toContain("<td>negation</td>");
    expect(html).toContain("<td>robustness</td>");
    expect(html).toContain("<td>apps</td>");
    expect(html).toContain("Not &lt;b&gt;good&lt;/b&gt; &amp; &quot;cheap&quot;.");
    expect(html).toContain("It &lt;script&gt;alert(1)&lt;/script&gt; crashes.");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>good");
  });
});

describe("the Markdown tables", () => {
  it("list each capability's failure rate and the natural accuracy", async () => {
    const text = renderMarkdown(await result(() => 0.9));
    expect(text).toContain("| negation | MFT 50.0 % | 2 | 1 | 50.0 % |");
    expect(text).toContain("natural sentences: accuracy 0.000 (0/1)");
  });
});
