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

/** The side-by-side table (Markdown), one row per measure, with its margin and verdict. */
export function renderComparison(rows: readonly ComparedMeasure[], margins: CompareMargins): string {
  const lines = ["| measure | current | candidate | change | may lose | verdict |", "| --- | ---: | ---: | ---: | ---: | --- |"];
  for (const { measure, change, loses } of rows) {
    const verdict = loses ? "LOSES" : "ok";
    if (measure.kind === "timePerText") {
      lines.push(`| ${measure.name} | ${measure.current.toFixed(2)} µs | ${measure.candidate.toFixed(2)} µs | ${change.toFixed(2)}× | up to ${margins.slowdown}× | ${verdict} |`);
    } else {
      const margin = measure.kind === "accuracy" ? `${(100 * margins.accuracy).toFixed(2)} pt` : `+${(100 * margins.failureRate).toFixed(2)} pt`;
      const label = measure.kind === "accuracy" ? `${measure.name}: accuracy (${measure.count})` : `${measure.name}: failure rate (${measure.count})`;
      lines.push(`| ${label} | ${rate(measure.current)} | ${rate(measure.candidate)} | ${points(change)} | ${margin} | ${verdict} |`);
    }
  }
  return lines.join("\n");
}
