// L2-regularised logistic regression over sparse rows, fitted with L-BFGS.
import { minimize } from "./lbfgs.js";

/** Rows in compressed sparse row form; column 0 is reserved for the bias. */
export interface SparseMatrix {
  rowStart: Int32Array;
  columns: Int32Array;
  values: Float64Array;
  columnCount: number;
}

export interface LogisticProblem {
  rows: SparseMatrix;
  labels: Uint8Array;
  /** L2 strength per column; the bias column should have 0 */
  penalty: Float64Array;
  /** how much each row's loss counts (1 when absent); the loss is the weighted sum over the row count */
  rowWeights?: Float64Array;
}

export interface FitOptions {
  maxIterations: number;
  gradientTolerance: number;
  onIteration?: (iteration: number, loss: number) => void;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function linearScores(rows: SparseMatrix, weights: Float64Array): Float64Array {
  const count = rows.rowStart.length - 1;
  const scores = new Float64Array(count);
  for (let r = 0; r < count; r += 1) {
    let z = 0;
    for (let k = rows.rowStart[r] as number; k < (rows.rowStart[r + 1] as number); k += 1) {
      z += (weights[rows.columns[k] as number] as number) * (rows.values[k] as number);
    }
    scores[r] = z;
  }
  return scores;
}

export function fitLogisticRegression(problem: LogisticProblem, options: FitOptions): { weights: Float64Array; iterations: number; converged: boolean } {
  const { rows, labels, penalty, rowWeights } = problem;
  const count = rows.rowStart.length - 1;
  const objective = (w: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let r = 0; r < count; r += 1) {
      const start = rows.rowStart[r] as number;
      const end = rows.rowStart[r + 1] as number;
      let z = 0;
      for (let k = start; k < end; k += 1) z += (w[rows.columns[k] as number] as number) * (rows.values[k] as number);
      const y = labels[r] as number;
      const weight = rowWeights === undefined ? 1 : (rowWeights[r] as number);
      // log(1 + e^z) - y z, computed without overflow
      loss += weight * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z);
      const residual = (weight * (sigmoid(z) - y)) / count;
      for (let k = start; k < end; k += 1) {
        const c = rows.columns[k] as number;
        gradient[c] = (gradient[c] as number) + residual * (rows.values[k] as number);
      }
    }
    loss /= count;
    for (let j = 0; j < w.length; j += 1) {
      const lambda = penalty[j] as number;
      if (lambda === 0) continue;
      const wj = w[j] as number;
      loss += 0.5 * lambda * wj * wj;
      gradient[j] = (gradient[j] as number) + lambda * wj;
    }
    return loss;
  };
  const result = minimize(objective, new Float64Array(rows.columnCount), {
    maxIterations: options.maxIterations,
    gradientTolerance: options.gradientTolerance,
    history: 10,
    onIteration: options.onIteration,
  });
  return { weights: result.x, iterations: result.iterations, converged: result.converged };
}
