/**
 * Logistic regression fitted by Newton's method (iteratively reweighted least squares) with an L2
 * penalty. A few dozen features and some ten thousand rows converge in a handful of steps, with no
 * learning rate to tune and no randomness: the same data always gives the same weights.
 */

export interface LogisticModel {
  /** Feature names, in the order of `weights`. */
  features: readonly string[];
  /** Each feature is standardised with these before weighting (fitted on the training rows). */
  means: readonly number[];
  scales: readonly number[];
  weights: readonly number[];
  bias: number;
}

export interface FitOptions {
  /** L2 penalty on the standardised weights (not on the bias). */
  l2?: number;
  maxIterations?: number;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** The probability the model gives a row of features. */
export function predictProbability(model: LogisticModel, row: readonly number[]): number {
  let z = model.bias;
  model.weights.forEach((w, j) => {
    z += (w * ((row[j] ?? 0) - (model.means[j] ?? 0))) / (model.scales[j] ?? 1);
  });
  return sigmoid(z);
}

/** Solves A x = b for a symmetric positive definite A (Gauss-Jordan elimination with partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let r = col + 1; r < n; r += 1) {
      if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    }
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const top = m[col] as number[];
    const p = top[col] as number;
    if (Math.abs(p) < 1e-12) throw new Error("singular system: give fitLogistic an L2 penalty above 0");
    for (let r = 0; r < n; r += 1) {
      if (r === col) continue;
      const row = m[r] as number[];
      const f = (row[col] as number) / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c += 1) row[c] = (row[c] as number) - f * (top[c] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number));
}

/** Fits P(label = 1 | row). `rows[i]` holds the features named by `features`; `labels[i]` is 0 or 1. */
export function fitLogistic(
  features: readonly string[],
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: FitOptions = {},
): LogisticModel {
  const { l2 = 1, maxIterations = 50 } = options;
  const d = features.length;
  const n = rows.length;
  if (n === 0 || labels.length !== n) throw new Error("fitLogistic needs one label per row, and rows");
  const means = features.map((_, j) => rows.reduce((s, r) => s + (r[j] ?? 0), 0) / n);
  const scales = features.map((_, j) => {
    const variance = rows.reduce((s, r) => s + ((r[j] ?? 0) - (means[j] as number)) ** 2, 0) / n;
    return Math.sqrt(variance) || 1;
  });
  // Standardised rows with a leading 1 for the bias.
  const x = rows.map((r) => [
    1,
    ...features.map((_, j) => ((r[j] ?? 0) - (means[j] as number)) / (scales[j] as number)),
  ]);
  let beta: number[] = new Array(d + 1).fill(0);
  let converged = false;
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    const gradient: number[] = new Array(d + 1).fill(0);
    const hessian: number[][] = Array.from({ length: d + 1 }, () => new Array(d + 1).fill(0));
    x.forEach((xi, i) => {
      const p = sigmoid(xi.reduce((s, v, j) => s + v * (beta[j] as number), 0));
      const residual = (labels[i] as number) - p;
      const w = Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j <= d; j += 1) {
        gradient[j] = (gradient[j] as number) + residual * (xi[j] as number);
        const hj = hessian[j] as number[];
        for (let k = j; k <= d; k += 1) hj[k] = (hj[k] as number) + w * (xi[j] as number) * (xi[k] as number);
      }
    });
    for (let j = 0; j <= d; j += 1) {
      for (let k = 0; k < j; k += 1) (hessian[j] as number[])[k] = (hessian[k] as number[])[j] as number;
      if (j > 0) {
        gradient[j] = (gradient[j] as number) - l2 * (beta[j] as number);
        (hessian[j] as number[])[j] = ((hessian[j] as number[])[j] as number) + l2;
      }
    }
    const step = solve(hessian, gradient);
    beta = beta.map((b, j) => b + (step[j] as number));
    converged = Math.max(...step.map(Math.abs)) < 1e-8;
    if (converged) break;
  }
  if (!converged) throw new Error(`fitLogistic did not converge in ${maxIterations} Newton steps`);
  const round = (v: number): number => Number(v.toPrecision(8));
  return {
    features: [...features],
    means: means.map(round),
    scales: scales.map(round),
    weights: beta.slice(1).map(round),
    bias: round(beta[0] as number),
  };
}
