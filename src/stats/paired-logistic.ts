import { cholesky, choleskyInverse, choleskySolve } from "./linear-algebra.js";

/**
 * Rows of a paired-comparison logistic model, P(a beats b) = σ(θ_a − θ_b + x·β): Bradley-Terry
 * on the natural (log-strength) scale, with optional covariates (style control). A row stands for
 * `n` games of which `a` won the share `y` (1, 0, ½ for a tie, or any share for rows that
 * aggregate a pair's games).
 */
export interface PairedRows {
  models: number;
  features: number;
  length: number;
  a: Int32Array;
  b: Int32Array;
  y: Float64Array;
  n: Float64Array;
  /** Covariates, row-major `length × features` (empty without covariates). */
  x: Float64Array;
}

export interface PairedFitOptions {
  /** Adds ½·ridge·‖θ‖² to the negative log-likelihood (0: none; θ is then fixed to sum 0). */
  ridgeRatings?: number;
  /** Adds ½·ridge·‖β‖² for the covariates. */
  ridgeFeatures?: number;
  /** Stop when a Newton step moves no parameter by more than this (natural scale). Default 1e-9. */
  tolerance?: number;
  /** Default 100; Newton converges in under 10 on well-posed data. */
  maxIterations?: number;
  /** Where to start (a previous fit, for bootstrap resamples). */
  start?: Float64Array;
  /** Also return the covariance (inverse information) of the parameters. */
  covariance?: boolean;
}

export interface PairedFit {
  /** Model parameters θ, natural scale; they sum to 0 when there is no ridge on them. */
  theta: Float64Array;
  beta: Float64Array;
  iterations: number;
  converged: boolean;
  logLikelihood: number;
  /** `(models + features)²`, row-major; θ's block is for the sum-zero θ. */
  covariance?: Float64Array;
}

const logSigmoid = (eta: number): number => (eta >= 0 ? -Math.log1p(Math.exp(-eta)) : eta - Math.log1p(Math.exp(eta)));

function linear(rows: PairedRows, params: Float64Array, r: number): number {
  let eta = params[rows.a[r]!]! - params[rows.b[r]!]!;
  const base = r * rows.features;
  for (let f = 0; f < rows.features; f++) eta += rows.x[base + f]! * params[rows.models + f]!;
  return eta;
}

/** The penalized log-likelihood the fit maximizes. */
function objective(rows: PairedRows, params: Float64Array, ridgeRatings: number, ridgeFeatures: number): number {
  let total = 0;
  for (let r = 0; r < rows.length; r++) {
    const n = rows.n[r]!;
    if (n === 0) continue;
    const eta = linear(rows, params, r);
    const y = rows.y[r]!;
    total += n * (y * logSigmoid(eta) + (1 - y) * logSigmoid(-eta));
  }
  for (let i = 0; i < params.length; i++) total -= 0.5 * (i < rows.models ? ridgeRatings : ridgeFeatures) * params[i]! ** 2;
  return total;
}

/**
 * The gradient of the penalized log-likelihood and its information matrix (minus the Hessian).
 * Each row touches two model entries and the covariates, so a pass is O(rows × (2 + F)²).
 */
function gradientAndInformation(
  rows: PairedRows,
  params: Float64Array,
  ridgeRatings: number,
  ridgeFeatures: number,
  gradient: Float64Array,
  info: Float64Array,
): void {
  const m = rows.models;
  const p = m + rows.features;
  gradient.fill(0);
  info.fill(0);
  const idx = new Int32Array(2 + rows.features);
  const val = new Float64Array(2 + rows.features);
  for (let r = 0; r < rows.length; r++) {
    const n = rows.n[r]!;
    if (n === 0) continue;
    const eta = linear(rows, params, r);
    const prob = 1 / (1 + Math.exp(-eta));
    const residual = n * (rows.y[r]! - prob);
    const weight = n * prob * (1 - prob);
    idx[0] = rows.a[r]!;
    val[0] = 1;
    idx[1] = rows.b[r]!;
    val[1] = -1;
    for (let f = 0; f < rows.features; f++) {
      idx[2 + f] = m + f;
      val[2 + f] = rows.x[r * rows.features + f]!;
    }
    for (let s = 0; s < idx.length; s++) {
      gradient[idx[s]!]! += residual * val[s]!;
      const rowBase = idx[s]! * p;
      const wv = weight * val[s]!;
      for (let t = 0; t < idx.length; t++) info[rowBase + idx[t]!]! += wv * val[t]!;
    }
  }
  for (let i = 0; i < p; i++) {
    const ridge = i < m ? ridgeRatings : ridgeFeatures;
    gradient[i]! -= ridge * params[i]!;
    info[i * p + i]! += ridge;
  }
}

/**
 * Maximum (penalized) likelihood by Newton's method with step halving: the log-likelihood is
 * concave, so each accepted step improves it, and near the optimum the steps shrink
 * quadratically. Without a ridge on θ the likelihood only sees differences of θ; the fit then
 * adds 11ᵀ to θ's block of the information, which keeps θ summing to 0 (every gradient does)
 * and makes the system solvable. Throws when the information is singular: a model or a
 * covariate the data cannot identify.
 */
export function fitPairedLogistic(rows: PairedRows, options: PairedFitOptions = {}): PairedFit {
  const m = rows.models;
  const p = m + rows.features;
  const ridgeRatings = options.ridgeRatings ?? 0;
  const ridgeFeatures = options.ridgeFeatures ?? 0;
  const tolerance = options.tolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 100;
  let params = options.start ? Float64Array.from(options.start) : new Float64Array(p);
  const gradient = new Float64Array(p);
  const info = new Float64Array(p * p);
  let current = objective(rows, params, ridgeRatings, ridgeFeatures);
  let iterations = 0;
  let converged = false;
  let factor: Float64Array | undefined;
  while (iterations < maxIterations) {
    iterations++;
    gradientAndInformation(rows, params, ridgeRatings, ridgeFeatures, gradient, info);
    factor = cholesky(gauged(info, m, p, ridgeRatings), p);
    if (!factor) throw new Error("the ratings are not identified: some model or covariate is not linked to the others by the data");
    const step = choleskySolve(factor, p, gradient);
    let size = 1;
    let candidate = params;
    let value = current;
    for (let halvings = 0; halvings < 40; halvings++, size /= 2) {
      candidate = params.map((x, i) => x + size * step[i]!);
      value = objective(rows, candidate, ridgeRatings, ridgeFeatures);
      if (value >= current - 1e-12 * Math.abs(current)) break;
    }
    let change = 0;
    for (let i = 0; i < p; i++) change = Math.max(change, Math.abs(candidate[i]! - params[i]!));
    params = candidate;
    current = value;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  const theta = params.slice(0, m);
  if (ridgeRatings === 0) {
    // Steps keep the sum of θ; a start that did not sum to 0 is centred here.
    const mean = theta.reduce((s, x) => s + x, 0) / m;
    for (let i = 0; i < m; i++) theta[i]! -= mean;
  }
  const fit: PairedFit = { theta, beta: params.slice(m), iterations, converged, logLikelihood: current };
  if (options.covariance) {
    gradientAndInformation(rows, params, ridgeRatings, ridgeFeatures, gradient, info);
    const l = cholesky(gauged(info, m, p, ridgeRatings), p);
    if (!l) throw new Error("the ratings are not identified: some model or covariate is not linked to the others by the data");
    const inverse = choleskyInverse(l, p);
    // (I + 11ᵀ)⁻¹ − 11ᵀ/m² is the pseudo-inverse on θ's block: the covariance of the sum-zero θ.
    if (ridgeRatings === 0) for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) inverse[i * p + j]! -= 1 / (m * m);
    fit.covariance = inverse;
  }
  return fit;
}

/** The information with 11ᵀ added to θ's block when θ has no ridge (see fitPairedLogistic). */
function gauged(info: Float64Array, m: number, p: number, ridgeRatings: number): Float64Array {
  if (ridgeRatings > 0) return info;
  const out = Float64Array.from(info);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * p + j]! += 1;
  return out;
}
