// The gate before a rollout: the serving model's figures beside a candidate's, each measure with
// the margin by which the candidate may lose on it. A plain function of the figures, so the rule
// is tested without models; model/src/cli/compare.ts measures and prints.

export interface CompareMargins {
  /** accuracy (0–1) the candidate may lose on a test split, the natural sentences or held-out feedback */
  accuracy: number;
  /** failure rate (0–1) the candidate may add on a capability of the behavioural suite */
  failureRate: number;
  /** how many times the current model's time per text the candidate may take */
  slowdown: number;
  /** fewest texts of a set a loss must amount to before it counts (the whole set when smaller) */
  minTexts: number;
}

/** 0.5 point of accuracy (the bound on the test split), 2 points of a capability's failure rate, 1.5× the time per text, and at least 5 texts of a set. */
export const DEFAULT_COMPARE_MARGINS: CompareMargins = { accuracy: 0.005, failureRate: 0.02, slowdown: 1.5, minTexts: 5 };

export type Measure =
  | { kind: "accuracy"; name: string; current: number; candidate: number; count: number }
  | { kind: "failureRate"; name: string; current: number; candidate: number; count: number }
  | { kind: "timePerText"; name: string; current: number; candidate: number };

export interface ComparedMeasure {
  measure: Measure;
  /** candidate − current for rates; candidate / current for time */
  change: number;
  loses: boolean;
}

/** A rate's loss counts when it is beyond the stated margin AND amounts to at least `minTexts`
 *  texts of its set (all of them when the set is smaller): on 240 hand-written sentences one
 *  sentence is 0.42 point, and a margin of 0.5 point alone would refuse a candidate for two
 *  sentences' luck; on the 3,256-text film split the stated margin is the stricter rule. */
export function lostTexts(measure: Measure, change: number): number {
  return measure.kind === "timePerText" ? 0 : Math.round(Math.abs(change) * measure.count);
}

const textsNeeded = (measure: Measure, margins: CompareMargins) => (measure.kind === "timePerText" ? 0 : Math.max(1, Math.min(margins.minTexts, measure.count)));

export function compareMeasures(measures: readonly Measure[], margins: CompareMargins): ComparedMeasure[] {
  return measures.map((measure) => {
    switch (measure.kind) {
      case "accuracy": {
        const change = measure.candidate - measure.current;
        return { measure, change, loses: change < -margins.accuracy - 1e-12 && change < 0 && lostTexts(measure, change) >= textsNeeded(measure, margins) };
      }
      case "failureRate": {
        const change = measure.candidate - measure.current;
        return { measure, change, loses: change > margins.failureRate + 1e-12 && lostTexts(measure, change) >= textsNeeded(measure, margins) };
      }
      case "timePerText": {
        const change = measure.candidate / measure.current;
        return { measure, change, loses: change > margins.slowdown };
      }
    }
  });
}

const rate = (value: number) => `${(100 * value).toFixed(2)} %`;
const points = (value: number) => `${value >= 0 ? "+" : "−"}${Math.abs(100 * value).toFixed(2)} pt`;

export const COMPARISON_COLUMNS = ["measure", "current", "candidate", "change", "may lose", "verdict"] as const;

/** One row of the side-by-side table as text cells (COMPARISON_COLUMNS), and whether the candidate loses there. */
export interface ComparisonTableRow {
  cells: string[];
  loses: boolean;
}

/** The side-by-side table's cells, one row per measure with its margin and verdict: what the terminal and the HTML report both show. */
export function comparisonTable(rows: readonly ComparedMeasure[], margins: CompareMargins): ComparisonTableRow[] {
  return rows.map(({ measure, change, loses }) => {
    const verdict = loses ? "LOSES" : "ok";
    if (measure.kind === "timePerText") {
      return { loses, cells: [measure.name, `${measure.current.toFixed(2)} µs`, `${measure.candidate.toFixed(2)} µs`, `${change.toFixed(2)}×`, `up to ${margins.slowdown}×`, verdict] };
    }
    const stated = measure.kind === "accuracy" ? margins.accuracy : margins.failureRate;
    const margin = `${measure.kind === "accuracy" ? "" : "+"}${(100 * stated).toFixed(2)} pt, ${textsNeeded(measure, margins)}+ texts`;
    const label = measure.kind === "accuracy" ? `${measure.name}: accuracy (${measure.count})` : `${measure.name}: failure rate (${measure.count})`;
    return { loses, cells: [label, rate(measure.current), rate(measure.candidate), points(change), margin, verdict] };
  });
}

/** The last line of a comparison: a pass, or every measure where the candidate loses beyond its margin. */
export function comparisonVerdict(rows: readonly ComparedMeasure[]): string {
  const lost = rows.filter((r) => r.loses).map((r) => r.measure.name);
  return lost.length === 0 ? "the candidate passes: it loses no more than the margins on any measure" : `the candidate loses beyond the margins on: ${lost.join("; ")}`;
}

/** The side-by-side table as Markdown, as `npm run model:compare` prints it. */
export function renderComparison(rows: readonly ComparedMeasure[], margins: CompareMargins): string {
  const lines = [`| ${COMPARISON_COLUMNS.join(" | ")} |`, "| --- | ---: | ---: | ---: | ---: | --- |"];
  for (const row of comparisonTable(rows, margins)) lines.push(`| ${row.cells.join(" | ")} |`);
  return lines.join("\n");
}
