import { describe, expect, it } from "vitest";
import { minimize } from "./lbfgs.js";
import { fitLogisticRegression, sigmoid } from "./logistic-regression.js";

describe("L-BFGS", () => {
  it("finds the exact minimum of a convex quadratic", () => {
    // f(x) = Σ a_i (x_i - c_i)^2, minimum at c
    const a = [1, 10, 100, 0.5];
    const c = [3, -2, 0.25, 7];
    const result = minimize(
      (x, g) => {
        let f = 0;
        a.forEach((ai, i) => {
          const d = (x[i] as number) - (c[i] as number);
          f += ai * d * d;
          g[i] = 2 * ai * d;
        });
        return f;
      },
      new Float64Array(4),
      { maxIterations: 200, gradientTolerance: 1e-10, history: 5 },
    );
    expect(result.converged).toBe(true);
    result.x.forEach((xi, i) => expect(xi).toBeCloseTo(c[i] as number, 6));
  });

  it("minimises the Rosenbrock function", () => {
    const result = minimize(
      (x, g) => {
        const [p, q] = [x[0] as number, x[1] as number];
        g[0] = -2 * (1 - p) - 400 * p * (q - p * p);
        g[1] = 200 * (q - p * p);
        return (1 - p) ** 2 + 100 * (q - p * p) ** 2;
      },
      Float64Array.from([-1.2, 1]),
      { maxIterations: 1000, gradientTolerance: 1e-8, history: 10 },
    );
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
  });
});

describe("logistic regression", () => {
  it("recovers the closed-form maximum-likelihood fit of one binary feature", () => {
    // x=0: 3 positives of 10; x=1: 8 positives of 10. Unpenalised MLE: b = logit(0.3), b + w = logit(0.8).
    const rows: Array<[number, number]> = [];
    for (let i = 0; i < 10; i += 1) rows.push([0, i < 3 ? 1 : 0]);
    for (let i = 0; i < 10; i += 1) rows.push([1, i < 8 ? 1 : 0]);
    const columns: number[] = [];
    const values: number[] = [];
    const rowStart = [0];
    for (const [x] of rows) {
      columns.push(0);
      values.push(1);
      if (x === 1) {
        columns.push(1);
        values.push(1);
      }
      rowStart.push(columns.length);
    }
    const fit = fitLogisticRegression(
      {
        rows: { rowStart: Int32Array.from(rowStart), columns: Int32Array.from(columns), values: Float64Array.from(values), columnCount: 2 },
        labels: Uint8Array.from(rows.map(([, y]) => y)),
        penalty: new Float64Array(2),
      },
      { maxIterations: 200, gradientTolerance: 1e-10 },
    );
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(fit.weights[0]).toBeCloseTo(logit(0.3), 5);
    expect((fit.weights[0] as number) + (fit.weights[1] as number)).toBeCloseTo(logit(0.8), 5);
    expect(sigmoid(fit.weights[0] as number)).toBeCloseTo(0.3, 6);
  });
});
