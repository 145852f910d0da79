// Classification metrics computed from labels and positive-class probabilities.

export interface Metrics {
  count: number;
  accuracy: number;
  /** normalised confusion matrix rates, as the reference service reports them */
  trueNegativeRate: number;
  falsePositiveRate: number;
  falseNegativeRate: number;
  truePositiveRate: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number;
  logLoss: number;
  /** expected calibration error over 10 equal-width bins of the positive probability */
  expectedCalibrationError: number;
  confusion: { trueNegative: number; falsePositive: number; falseNegative: number; truePositive: number };
}

export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): Array<{ fpr: number; tpr: number }> {
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const positives = Array.from(labels).filter((l) => l === 1).length;
  const negatives = labels.length - positives;
  const points = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k += 1) {
    const i = order[k] as number;
    if (labels[i] === 1) tp += 1;
    else fp += 1;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) points.push({ fpr: fp / Math.max(negatives, 1), tpr: tp / Math.max(positives, 1) });
  }
  return points;
}

export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const curve = rocCurve(labels, scores);
  let area = 0;
  for (let k = 1; k < curve.length; k += 1) {
    const a = curve[k - 1] as { fpr: number; tpr: number };
    const b = curve[k] as { fpr: number; tpr: number };
    area += ((b.fpr - a.fpr) * (a.tpr + b.tpr)) / 2;
  }
  return area;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  meanProbability: number;
  positiveFraction: number;
}

export function reliabilityBins(labels: ArrayLike<number>, probabilities: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const result: ReliabilityBin[] = Array.from({ length: bins }, (_, b) => ({ lower: b / bins, upper: (b + 1) / bins, count: 0, meanProbability: 0, positiveFraction: 0 }));
  for (let i = 0; i < labels.length; i += 1) {
    const p = probabilities[i] as number;
    const bin = result[Math.min(bins - 1, Math.floor(p * bins))] as ReliabilityBin;
    bin.count += 1;
    bin.meanProbability += p;
    bin.positiveFraction += labels[i] as number;
  }
  for (const bin of result) {
    if (bin.count > 0) {
      bin.meanProbability /= bin.count;
      bin.positiveFraction /= bin.count;
    }
  }
  return result;
}

export function computeMetrics(labels: ArrayLike<number>, probabilities: ArrayLike<number>): Metrics {
  const n = labels.length;
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  let logLoss = 0;
  for (let i = 0; i < n; i += 1) {
    const y = labels[i] as number;
    const p = Math.min(Math.max(probabilities[i] as number, 1e-15), 1 - 1e-15);
    const predicted = p > 0.5 ? 1 : 0;
    if (predicted === 1 && y === 1) tp += 1;
    else if (predicted === 0 && y === 0) tn += 1;
    else if (predicted === 1) fp += 1;
    else fn += 1;
    logLoss -= y === 1 ? Math.log(p) : Math.log(1 - p);
  }
  const bins = reliabilityBins(labels, probabilities);
  const ece = bins.reduce((sum, bin) => sum + (bin.count / n) * Math.abs(bin.positiveFraction - bin.meanProbability), 0);
  const precision = tp / Math.max(tp + fp, 1);
  const recall = tp / Math.max(tp + fn, 1);
  return {
    count: n,
    accuracy: (tp + tn) / n,
    trueNegativeRate: tn / Math.max(tn + fp, 1),
    falsePositiveRate: fp / Math.max(tn + fp, 1),
    falseNegativeRate: fn / Math.max(tp + fn, 1),
    truePositiveRate: recall,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    rocAuc: rocAuc(labels, probabilities),
    logLoss: logLoss / n,
    expectedCalibrationError: ece,
    confusion: { trueNegative: tn, falsePositive: fp, falseNegative: fn, truePositive: tp },
  };
}
