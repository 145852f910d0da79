// L2-regularised logistic regression on word embeddings, fitted by Newton's method. With
// 100 dimensions the Hessian is 101 × 101, so each step is an exact solve: no learning rate,
// no random initialisation, the same answer on every run.

export interface LabelledVector {
  vector: Float64Array;
  label: boolean;
}

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
}

export interface FitOptions {
  /** penalty on the squared weights (not the bias), against a loss summed over examples */
  l2: number;
  maxIterations?: number;
  /** stop when no parameter moves by more than this */
  tolerance?: number;
  /** weigh each class as if both were equally frequent (otherwise every example weighs 1) */
  balanced: boolean;
}

export function fitLogistic(examples: readonly LabelledVector[], options: FitOptions): LogisticModel {
  const first = examples[0];
  if (!first) throw new Error("fitLogistic needs at least one example");
  const dims = first.vector.length;
  const size = dims + 1; // weights, then the bias
  const trueCount = examples.filter((e) => e.label).length;
  const falseCount = examples.length - trueCount;
  if (trueCount === 0 || falseCount === 0) throw new Error("fitLogistic needs examples of both labels");
  const trueWeight = options.balanced ? examples.length / (2 * trueCount) : 1;
  const falseWeight = options.balanced ? examples.length / (2 * falseCount) : 1;

  const params = new Float64Array(size);
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const gradient = new Float64Array(size);
    const hessian = new Float64Array(size * size);
    for (const example of examples) {
      const x = example.vector;
      const p = sigmoid(linear(params, x));
      const weight = example.label ? trueWeight : falseWeight;
      const residual = weight * (p - (example.label ? 1 : 0));
      const curvature = weight * p * (1 - p);
      for (let i = 0; i < size; i++) {
        const xi = i < dims ? x[i]! : 1;
        gradient[i]! += residual * xi;
        const row = i * size;
        for (let j = 0; j <= i; j++) hessian[row + j]! += curvature * xi * (j < dims ? x[j]! : 1);
      }
    }
    for (let i = 0; i < dims; i++) {
      gradient[i]! += options.l2 * params[i]!;
      hessian[i * size + i]! += options.l2;
    }
    // The unpenalised bias keeps the Hessian positive definite only through the data; a tiny
    // ridge on its diagonal keeps the factorisation safe without changing the answer.
    hessian[dims * size + dims]! += 1e-9;
    const step = solveSymmetric(hessian, gradient, size);
    let largest = 0;
    for (let i = 0; i < size; i++) {
      params[i]! -= step[i]!;
      largest = Math.max(largest, Math.abs(step[i]!));
    }
    if (largest < tolerance) break;
  }
  return { weights: params.slice(0, dims), bias: params[dims]! };
}

/** P(label | vector). */
export function probability(model: LogisticModel, vector: Float64Array): number {
  let z = model.bias;
  for (let i = 0; i < vector.length; i++) z += model.weights[i]! * vector[i]!;
  return sigmoid(z);
}

function linear(params: Float64Array, x: Float64Array): number {
  let z = params[x.length]!;
  for (let i = 0; i < x.length; i++) z += params[i]! * x[i]!;
  return z;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Solves A·x = b for a symmetric positive-definite A given by its lower triangle (row-major). */
export function solveSymmetric(lower: Float64Array, b: Float64Array, size: number): Float64Array {
  const l = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = lower[i * size + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * size + k]! * l[j * size + k]!;
      if (i === j) {
        if (!(sum > 0)) throw new Error("solveSymmetric: matrix is not positive definite");
        l[i * size + i] = Math.sqrt(sum);
      } else {
        l[i * size + j] = sum / l[j * size + j]!;
      }
    }
  }
  const y = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * size + k]! * y[k]!;
    y[i] = sum / l[i * size + i]!;
  }
  const x = new Float64Array(size);
  for (let i = size - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < size; k++) sum -= l[k * size + i]! * x[k]!;
    x[i] = sum / l[i * size + i]!;
  }
  return x;
}
