// Self-contained HTML reports: a model's evaluation (confusion matrix, ROC curve and reliability
// diagram as inline SVG), and the comparison of two models (npm run model:compare -- --report).
import { COMPARISON_COLUMNS, comparisonTable, comparisonVerdict, type CompareMargins, type ComparedMeasure } from "./compare.js";
import { reliabilityBins, rocCurve, type Metrics } from "./metrics.js";

const SIZE = 320;
const PAD = 40;

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" })[c] as string);
}

function axes(xLabel: string, yLabel: string): string {
  const end = PAD + SIZE;
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => {
      const x = PAD + t * SIZE;
      const y = end - t * SIZE;
      return `<text x="${x}" y="${end + 16}" text-anchor="middle">${t}</text><text x="${PAD - 6}" y="${y + 4}" text-anchor="end">${t}</text>`;
    })
    .join("");
  return `<rect x="${PAD}" y="${PAD}" width="${SIZE}" height="${SIZE}" fill="none" stroke="#999"/>${ticks}
<text x="${PAD + SIZE / 2}" y="${end + 34}" text-anchor="middle">${escape(xLabel)}</text>
<text transform="translate(12 ${PAD + SIZE / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>
<line x1="${PAD}" y1="${end}" x2="${end}" y2="${PAD}" stroke="#bbb" stroke-dasharray="4 4"/>`;
}

function svg(title: string, body: string): string {
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${SIZE + 2 * PAD}" height="${SIZE + 2 * PAD + 10}" font-family="sans-serif" font-size="11">${body}</svg><figcaption>${escape(title)}</figcaption></figure>`;
}

function rocSvg(labels: number[], probabilities: number[], auc: number): string {
  const points = rocCurve(labels, probabilities)
    .map((p) => `${(PAD + p.fpr * SIZE).toFixed(1)},${(PAD + SIZE - p.tpr * SIZE).toFixed(1)}`)
    .join(" ");
  return svg(`ROC curve (AUC ${auc.toFixed(4)})`, `${axes("false positive rate", "true positive rate")}<polyline points="${points}" fill="none" stroke="#1f6feb" stroke-width="2"/>`);
}

function reliabilitySvg(labels: number[], probabilities: number[], ece: number): string {
  const bins = reliabilityBins(labels, probabilities);
  const total = labels.length;
  const bars = bins
    .filter((b) => b.count > 0)
    .map((b) => {
      const x = PAD + b.lower * SIZE;
      const w = SIZE / bins.length - 2;
      const h = b.positiveFraction * SIZE;
      const share = (b.count / total) * SIZE;
      return `<rect x="${x + 1}" y="${PAD + SIZE - h}" width="${w}" height="${h}" fill="#1f6feb" opacity="0.75"><title>${b.count} texts, mean p ${b.meanProbability.toFixed(3)}, positive ${b.positiveFraction.toFixed(3)}</title></rect><rect x="${x + 1}" y="${PAD + SIZE - share}" width="${w}" height="${share}" fill="none" stroke="#d29922"/>`;
    })
    .join("");
  return svg(`Reliability diagram (ECE ${ece.toFixed(4)}; orange outline: share of texts in the bin)`, `${axes("predicted positive probability", "observed positive fraction")}${bars}`);
}

function confusionSvg(metrics: Metrics): string {
  const c = metrics.confusion;
  const cells: Array<[number, number, number, string]> = [
    [0, 0, c.trueNegative, "true negative"],
    [1, 0, c.falsePositive, "false positive"],
    [0, 1, c.falseNegative, "false negative"],
    [1, 1, c.truePositive, "true positive"],
  ];
  const max = Math.max(c.trueNegative, c.falsePositive, c.falseNegative, c.truePositive);
  const half = SIZE / 2;
  const body = cells
    .map(([col, row, count, name]) => {
      const x = PAD + col * half;
      const y = PAD + row * half;
      const shade = Math.round(255 - (count / max) * 180);
      return `<rect x="${x}" y="${y}" width="${half}" height="${half}" fill="rgb(${shade},${shade},255)" stroke="#fff"/><text x="${x + half / 2}" y="${y + half / 2}" text-anchor="middle" font-size="20">${count}</text><text x="${x + half / 2}" y="${y + half / 2 + 20}" text-anchor="middle">${name}</text>`;
    })
    .join("");
  const labels = `<text x="${PAD + half / 2}" y="${PAD - 8}" text-anchor="middle">predicted negative</text><text x="${PAD + 1.5 * half}" y="${PAD - 8}" text-anchor="middle">predicted positive</text><text transform="translate(14 ${PAD + half / 2}) rotate(-90)" text-anchor="middle">actual negative</text><text transform="translate(14 ${PAD + 1.5 * half}) rotate(-90)" text-anchor="middle">actual positive</text>`;
  return svg("Confusion matrix", body + labels);
}

const STYLE = "body{font-family:sans-serif;max-width:1200px;margin:2em auto;color:#222}table{border-collapse:collapse}td{padding:4px 12px;border-bottom:1px solid #ddd}.figs{display:flex;flex-wrap:wrap;gap:1em}figcaption{text-align:center;font-size:13px}";
const COMPARISON_STYLE = `${STYLE}th{padding:4px 12px;border-bottom:2px solid #999;text-align:left}td.n{text-align:right}tr.loses td{background:#fde2e1;font-weight:bold}`;

export interface ComparedModel {
  path: string;
  sha256: string;
}

/** The page `npm run model:compare -- --report FILE` writes: the same table and verdict as the terminal, from the same cells. */
export function renderComparisonReport(models: { current: ComparedModel; candidate: ComparedModel }, rows: readonly ComparedMeasure[], margins: CompareMargins, notes: readonly string[] = []): string {
  const title = "Sentiment model: current and candidate side by side";
  const model = (role: string, m: ComparedModel) => `<tr><td>${role}</td><td>${escape(m.path)}</td><td><code>${m.sha256}</code></td></tr>`;
  const header = `<tr>${COMPARISON_COLUMNS.map((c) => `<th>${escape(c)}</th>`).join("")}</tr>`;
  const body = comparisonTable(rows, margins)
    .map((row) => `<tr${row.loses ? ' class="loses"' : ""}>${row.cells.map((cell, i) => `<td${i > 0 && i < 5 ? ' class="n"' : ""}>${escape(cell)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>${COMPARISON_STYLE}</style>
</head><body><h1>${escape(title)}</h1>
<table>${model("current", models.current)}${model("candidate", models.candidate)}</table>
<h2>Measures</h2>
<table>
${header}
${body}
</table>
<p><strong>${escape(comparisonVerdict(rows))}</strong></p>
${notes.map((n) => `<p>${escape(n)}</p>`).join("\n")}
</body></html>
`;
}

export function renderReport(title: string, metrics: Metrics, labels: number[], probabilities: number[], extraRows: Array<[string, string]>): string {
  const rows: Array<[string, string]> = [
    ["texts", String(metrics.count)],
    ["accuracy", metrics.accuracy.toFixed(4)],
    ["precision / recall / F1", `${metrics.precision.toFixed(4)} / ${metrics.recall.toFixed(4)} / ${metrics.f1.toFixed(4)}`],
    ["ROC AUC", metrics.rocAuc.toFixed(4)],
    ["log loss", metrics.logLoss.toFixed(4)],
    ["expected calibration error (10 bins)", metrics.expectedCalibrationError.toFixed(4)],
    ...extraRows,
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>${STYLE}</style>
</head><body><h1>${escape(title)}</h1>
<table>${rows.map(([k, v]) => `<tr><td>${escape(k)}</td><td>${escape(v)}</td></tr>`).join("")}</table>
<div class="figs">${confusionSvg(metrics)}${rocSvg(labels, probabilities, metrics.rocAuc)}${reliabilitySvg(labels, probabilities, metrics.expectedCalibrationError)}</div>
</body></html>
`;
}
