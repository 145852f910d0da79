// Limited-memory BFGS with a backtracking (Armijo) line search. npm has no maintained sparse
// logistic regression, so we keep this optimizer small and test it against closed-form results.

export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations: number;
  /** stop when the gradient's max-norm falls below this */
  gradientTolerance: number;
  history: number;
  onIteration?: (iteration: number, value: number) => void;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i += 1) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i += 1) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

export function minimize(objective: Objective, start: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let value = objective(x, g);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  const direction = new Float64Array(n);
  const alpha = new Array<number>(options.history).fill(0);

  for (let iteration = 1; iteration <= options.maxIterations; iteration += 1) {
    if (maxAbs(g) < options.gradientTolerance) return { x, value, iterations: iteration - 1, converged: true };

    // Two-loop recursion: direction = -H·g.
    for (let i = 0; i < n; i += 1) direction[i] = -(g[i] as number);
    for (let k = sList.length - 1; k >= 0; k -= 1) {
      const a = (rhoList[k] as number) * dot(sList[k] as Float64Array, direction);
      alpha[k] = a;
      const y = yList[k] as Float64Array;
      for (let i = 0; i < n; i += 1) direction[i] = (direction[i] as number) - a * (y[i] as number);
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      const y = yList[last] as Float64Array;
      const gamma = dot(sList[last] as Float64Array, y) / dot(y, y);
      for (let i = 0; i < n; i += 1) direction[i] = (direction[i] as number) * gamma;
    }
    for (let k = 0; k < sList.length; k += 1) {
      const b = (rhoList[k] as number) * dot(yList[k] as Float64Array, direction);
      const s = sList[k] as Float64Array;
      const coefficient = (alpha[k] as number) - b;
      for (let i = 0; i < n; i += 1) direction[i] = (direction[i] as number) + coefficient * (s[i] as number);
    }

    let slope = dot(g, direction);
    if (slope >= 0) {
      // Not a descent direction (curvature information went stale): restart from steepest descent.
      for (let i = 0; i < n; i += 1) direction[i] = -(g[i] as number);
      sList.length = 0;
      yList.length = 0;
      rhoList.length = 0;
      slope = dot(g, direction);
    }

    let step = sList.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const candidate = new Float64Array(n);
    const candidateGradient = new Float64Array(n);
    let candidateValue = Infinity;
    for (let tries = 0; tries < 40; tries += 1) {
      for (let i = 0; i < n; i += 1) candidate[i] = (x[i] as number) + step * (direction[i] as number);
      candidateValue = objective(candidate, candidateGradient);
      if (candidateValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(candidateValue < value)) return { x, value, iterations: iteration, converged: true };

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i += 1) {
      s[i] = (candidate[i] as number) - (x[i] as number);
      y[i] = (candidateGradient[i] as number) - (g[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (sList.length === options.history) {
        sList.shift();
        yList.shift();
        rhoList.shift();
      }
      sList.push(s);
      yList.push(y);
      rhoList.push(1 / sy);
    }
    const improvement = value - candidateValue;
    x = candidate;
    g = candidateGradient;
    value = candidateValue;
    options.onIteration?.(iteration, value);
    if (improvement < 1e-12 * Math.max(1, Math.abs(value))) return { x, value, iterations: iteration, converged: true };
  }
  return { x, value, iterations: options.maxIterations, converged: false };
}
