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
}

/** 0.5 point of accuracy (the bound on the test split), 2 points of a capability's failure rate, 1.5× the time per text. */
export const DEFAULT_COMPARE_MARGINS: CompareMargins = { accuracy: 0.005, failureRate: 0.02, slowdown: 1.5 };

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

export function compareMeasures(measures: readonly Measure[], margins: CompareMargins): ComparedMeasure[] {
  return measures.map((measure) => {
    switch (measure.kind) {
      case "accuracy": {
        const change = measure.candidate - measure.current;
        return { measure, change, loses: change < -margins.accuracy - 1e-12 };
      }
      case "failureRate": {
        const change = measure.candidate - measure.current;
        return { measure, change, loses: change > margins.failureRate + 1e-12 };
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
    const margin = measure.kind === "accuracy" ? `${(100 * margins.accuracy).toFixed(2)} pt` : `+${(100 * margins.failureRate).toFixed(2)} pt`;
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
