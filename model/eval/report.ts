// What a suite run becomes in the model's artifacts: a stable JSON block for metrics.json
// (and the check that no capability got worse than recorded), an HTML section for
// report.html, and the Markdown tables the CLI prints.
import { z } from "zod";
import type { FailureExample, SuiteResult } from "./behaviour.js";
import { CAPABILITIES, DOMAINS, TEST_TYPES } from "./templates.js";

export const METRICS_FORMAT = "behaviour-suite/1";

const tallySchema = z.object({ cases: z.number().int(), failures: z.number().int(), failureRate: z.number() }).strict();

/** The shape of the suite's block in metrics.json; keys appear in a fixed order. */
export const behaviourMetricsSchema = z
  .object({
    format: z.literal(METRICS_FORMAT),
    split: z.string(),
    threshold: z.number(),
    dirTolerance: z.number(),
    overall: tallySchema,
    capabilities: z.record(z.enum(CAPABILITIES), tallySchema.extend({ byTestType: z.record(z.enum(TEST_TYPES), tallySchema) }).strict()),
    natural: z
      .object({
        count: z.number().int(),
        correct: z.number().int(),
        accuracy: z.number(),
        byDomain: z.record(z.enum(DOMAINS), z.object({ count: z.number().int(), correct: z.number().int(), accuracy: z.number() }).strict()),
      })
      .strict(),
  })
  .strict();
export type BehaviourMetrics = z.infer<typeof behaviourMetricsSchema>;

export function behaviourMetrics(result: SuiteResult): BehaviourMetrics {
  const tally = (t: { cases: number; failures: number; failureRate: number }) => ({ cases: t.cases, failures: t.failures, failureRate: t.failureRate });
  return {
    format: METRICS_FORMAT,
    split: result.split,
    threshold: result.threshold,
    dirTolerance: result.dirTolerance,
    overall: tally(result.overall),
    capabilities: Object.fromEntries(
      result.capabilities.map((c) => [c.capability, { ...tally(c), byTestType: Object.fromEntries(c.byTestType.map((t) => [t.testType, tally(t)])) }]),
    ),
    natural: {
      count: result.natural.count,
      correct: result.natural.correct,
      accuracy: result.natural.accuracy,
      byDomain: Object.fromEntries(result.natural.byDomain.map((d) => [d.domain, { count: d.count, correct: d.correct, accuracy: d.accuracy }])),
    },
  };
}

export interface Regression {
  measure: string;
  recorded: number;
  current: number;
}

/**
 * What got worse than recorded: a capability's failure rate above its recorded rate plus
 * `slack`, a capability that is no longer measured, or natural accuracy below the recorded
 * one minus `slack`. Only runs of the same split compare.
 */
export function regressions(recorded: BehaviourMetrics, current: BehaviourMetrics, slack = 0): Regression[] {
  if (recorded.split !== current.split) throw new Error(`cannot compare a ${current.split} run with a recorded ${recorded.split} run`);
  const found: Regression[] = [];
  for (const [capability, was] of Object.entries(recorded.capabilities)) {
    const now = current.capabilities[capability as keyof BehaviourMetrics["capabilities"]];
    if (!now) found.push({ measure: `${capability} failure rate (no longer measured)`, recorded: was.failureRate, current: Number.NaN });
    else if (now.failureRate > was.failureRate + slack) found.push({ measure: `${capability} failure rate`, recorded: was.failureRate, current: now.failureRate });
  }
  if (current.natural.accuracy < recorded.natural.accuracy - slack) {
    found.push({ measure: "natural sentence accuracy", recorded: recorded.natural.accuracy, current: current.natural.accuracy });
  }
  return found;
}

const percent = (rate: number) => `${(100 * rate).toFixed(1)} %`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c] as string);
}

/** One line per failure, for people: what was asked and what the model said. */
export function describeFailure(example: FailureExample): string {
  const p = (value: number) => value.toFixed(3);
  switch (example.testType) {
    case "MFT":
      return `"${example.text}" expected ${example.expected === 1 ? "positive" : "negative"}, P(positive) ${p(example.probability)}`;
    case "INV":
      return `"${example.base}" ${p(example.baseProbability)} vs "${example.variant}" ${p(example.variantProbability)} (label changed)`;
    case "DIR":
      return `"${example.base}" ${p(example.baseProbability)} -> "${example.variant}" ${p(example.variantProbability)} (should go ${example.direction})`;
  }
}

/** An HTML section (no page chrome) to place in the model report; every text is escaped. */
export function renderBehaviourHtml(result: SuiteResult): string {
  const capabilityRows = result.capabilities
    .map((c) => {
      const types = c.byTestType.map((t) => `${t.testType} ${t.failures}/${t.cases}`).join(", ");
      const examples = c.examples.length === 0 ? "" : `<ul>${c.examples.map((e) => `<li>${escapeHtml(describeFailure(e))}</li>`).join("")}</ul>`;
      return `<tr><td>${escapeHtml(c.capability)}</td><td>${escapeHtml(types)}</td><td>${c.cases}</td><td>${c.failures}</td><td>${percent(c.failureRate)}</td><td>${examples}</td></tr>`;
    })
    .join("\n");
  const domainRows = result.natural.byDomain
    .map((d) => `<tr><td>${escapeHtml(d.domain)}</td><td>${d.count}</td><td>${d.correct}</td><td>${d.accuracy.toFixed(3)}</td></tr>`)
    .join("\n");
  const naturalMisses = result.natural.examples.map((e) => `<li>${escapeHtml(`"${e.text}" expected ${e.expected === 1 ? "positive" : "negative"}, P(positive) ${e.probability.toFixed(3)}`)}</li>`).join("");
  return `<section class="behaviour-suite">
<h2>Behavioural tests (${escapeHtml(result.split)} split)</h2>
<p>Positive when P(positive) &gt; ${result.threshold}. MFT fails on a wrong label, INV when a perturbation changes the label, DIR when P(positive) moves against the stated direction by more than ${result.dirTolerance}.</p>
<table>
<thead><tr><th>capability</th><th>failures by test type</th><th>cases</th><th>failures</th><th>failure rate</th><th>example failures</th></tr></thead>
<tbody>
${capabilityRows}
<tr><td>all template cases</td><td></td><td>${result.overall.cases}</td><td>${result.overall.failures}</td><td>${percent(result.overall.failureRate)}</td><td></td></tr>
</tbody>
</table>
<h3>Hand-written sentences: accuracy ${result.natural.accuracy.toFixed(3)} (${result.natural.correct}/${result.natural.count})</h3>
<table>
<thead><tr><th>domain</th><th>sentences</th><th>correct</th><th>accuracy</th></tr></thead>
<tbody>
${domainRows}
</tbody>
</table>
${naturalMisses === "" ? "" : `<p>Misses:</p><ul>${naturalMisses}</ul>`}
</section>`;
}

/** The per-capability table and the natural-sentence table, in Markdown. */
export function renderMarkdown(result: SuiteResult, detail = false): string {
  const lines = [
    "| capability | test types | cases | failures | failure rate |",
    "| --- | --- | ---: | ---: | ---: |",
    ...result.capabilities.map((c) => `| ${c.capability} | ${c.byTestType.map((t) => `${t.testType} ${percent(t.failureRate)}`).join(", ")} | ${c.cases} | ${c.failures} | ${percent(c.failureRate)} |`),
    `| all template cases | | ${result.overall.cases} | ${result.overall.failures} | ${percent(result.overall.failureRate)} |`,
    "",
    `natural sentences: accuracy ${result.natural.accuracy.toFixed(3)} (${result.natural.correct}/${result.natural.count})`,
    "",
    "| domain | sentences | accuracy |",
    "| --- | ---: | ---: |",
    ...result.natural.byDomain.map((d) => `| ${d.domain} | ${d.count} | ${d.accuracy.toFixed(3)} |`),
  ];
  if (detail) {
    lines.push("", "| template | test type | cases | failure rate |", "| --- | --- | ---: | ---: |");
    for (const c of result.capabilities) for (const t of c.byTemplate) lines.push(`| ${t.template} | ${t.testType} | ${t.cases} | ${percent(t.failureRate)} |`);
    lines.push("", "failures (up to 5 per capability):");
    for (const c of result.capabilities) for (const e of c.examples) lines.push(`- ${c.capability} ${e.id}: ${describeFailure(e)}`);
    for (const e of result.natural.examples) lines.push(`- natural ${e.id}: "${e.text}" expected ${e.expected === 1 ? "positive" : "negative"}, P(positive) ${e.probability.toFixed(3)}`);
  }
  return lines.join("\n");
}
