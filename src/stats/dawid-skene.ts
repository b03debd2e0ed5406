import type { Labeling } from "./majority.js";

/** Added to every confusion-matrix cell in the M-step unless the caller says otherwise. */
export const DEFAULT_SMOOTHING = 0.01;
/** EM stops when no posterior moves by more than this between iterations. */
export const DEFAULT_DS_TOLERANCE = 1e-8;
export const DEFAULT_DS_MAX_ITERATIONS = 10_000;

export interface DawidSkeneOptions {
  classes?: readonly string[];
  /** Pseudo-count in every confusion cell (default {@link DEFAULT_SMOOTHING}); 0 is Dawid & Skene's plain maximum likelihood. */
  smoothing?: number;
  /** Default {@link DEFAULT_DS_TOLERANCE}. */
  tolerance?: number;
  /** Default {@link DEFAULT_DS_MAX_ITERATIONS}. */
  maxIterations?: number;
}

export interface DawidSkeneResult {
  classes: string[];
  /** Estimated class priors, in `classes` order (the posteriors' mean). */
  priors: number[];
  /** Each annotator's confusion matrix: rows the true class, columns the label given. */
  confusion: Record<string, number[][]>;
  items: { item: string; label: string; posterior: number[] }[];
  iterations: number;
  converged: boolean;
}

/**
 * Dawid & Skene (1979) truth inference by expectation-maximization: each annotator has a confusion
 * matrix π_a[true][given]; items have a latent true class with priors p. Initialized from the
 * per-item vote shares (soft majority). The M-step adds `smoothing` to every confusion cell, so a
 * label an annotator never gave for a class does not rule that class out for good (with 0 it
 * does, as in the original); a class no item has keeps a uniform row. Stops when no posterior
 * moves by more than `tolerance`, or after `maxIterations` (then `converged` is false).
 *
 * Everything lives in typed arrays allocated once: O(iterations × labelings × classes) time,
 * O(items × classes + annotators × classes²) memory.
 */
export function dawidSkene(labelings: readonly Labeling[], options: DawidSkeneOptions = {}): DawidSkeneResult {
  const classes = options.classes ? [...options.classes] : [...new Set(labelings.map((l) => l.label))].sort();
  const smoothing = options.smoothing ?? DEFAULT_SMOOTHING;
  const tolerance = options.tolerance ?? DEFAULT_DS_TOLERANCE;
  const maxIterations = options.maxIterations ?? DEFAULT_DS_MAX_ITERATIONS;
  if (!(smoothing >= 0)) throw new Error(`smoothing must be 0 or more, got ${smoothing}`);
  if (!(tolerance > 0)) throw new Error(`the tolerance must be above 0, got ${tolerance}`);
  const { items, annotators, obsItem, obsAnnotator, obsLabel } = encode(labelings, classes);
  const K = classes.length;
  const I = items.length;
  const A = annotators.length;
  const N = obsItem.length;

  // T[i·K + t]: posterior of item i being class t, started from the vote shares.
  const T = new Float64Array(I * K);
  for (let o = 0; o < N; o++) T[obsItem[o]! * K + obsLabel[o]!]! += 1;
  normalizeRows(T, K);
  const priors = new Float64Array(K);
  const pi = new Float64Array(A * K * K);
  const logPi = new Float64Array(A * K * K);
  const logT = new Float64Array(I * K);
  const logPriors = new Float64Array(K);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    mStep(T, priors, pi, logPi, { I, K, smoothing, obsItem, obsAnnotator, obsLabel });
    // E-step, in log space.
    for (let t = 0; t < K; t++) logPriors[t] = Math.log(priors[t]!);
    for (let i = 0; i < I; i++) logT.set(logPriors, i * K);
    for (let o = 0; o < N; o++) {
      const row = obsItem[o]! * K;
      const cell = obsAnnotator[o]! * K * K + obsLabel[o]!;
      for (let t = 0; t < K; t++) logT[row + t]! += logPi[cell + t * K]!;
    }
    let change = 0;
    for (let i = 0; i < I; i++) {
      let max = -Infinity;
      for (let t = 0; t < K; t++) max = Math.max(max, logT[i * K + t]!);
      let sum = 0;
      for (let t = 0; t < K; t++) sum += logT[i * K + t] = Math.exp(logT[i * K + t]! - max);
      for (let t = 0; t < K; t++) {
        const next = logT[i * K + t]! / sum;
        change = Math.max(change, Math.abs(next - T[i * K + t]!));
        T[i * K + t] = next;
      }
    }
    if (change <= tolerance) {
      converged = true;
      break;
    }
  }
  priors.fill(0);
  for (let i = 0; i < I; i++) for (let t = 0; t < K; t++) priors[t]! += T[i * K + t]! / I;
  return {
    classes,
    priors: [...priors],
    confusion: Object.fromEntries(
      annotators.map((a, x) => [a, Array.from({ length: K }, (_, t) => [...pi.subarray(x * K * K + t * K, x * K * K + (t + 1) * K)])]),
    ),
    items: items.map((item, i) => {
      const posterior = [...T.subarray(i * K, (i + 1) * K)];
      let best = 0;
      for (let t = 1; t < K; t++) if (posterior[t]! > posterior[best]!) best = t;
      return { item, label: classes[best]!, posterior };
    }),
    iterations,
    converged,
  };
}

/** Priors and confusion matrices from the posteriors, with `smoothing` in every cell. */
function mStep(
  T: Float64Array,
  priors: Float64Array,
  pi: Float64Array,
  logPi: Float64Array,
  d: { I: number; K: number; smoothing: number; obsItem: Int32Array; obsAnnotator: Int32Array; obsLabel: Int32Array },
): void {
  const { I, K } = d;
  priors.fill(0);
  for (let i = 0; i < I; i++) for (let t = 0; t < K; t++) priors[t]! += T[i * K + t]!;
  for (let t = 0; t < K; t++) priors[t]! /= I;
  pi.fill(d.smoothing);
  for (let o = 0; o < d.obsItem.length; o++) {
    const row = d.obsItem[o]! * K;
    const base = d.obsAnnotator[o]! * K * K + d.obsLabel[o]!;
    for (let t = 0; t < K; t++) pi[base + t * K]! += T[row + t]!;
  }
  for (let r = 0; r < pi.length; r += K) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += pi[r + k]!;
    for (let k = 0; k < K; k++) {
      // A class no item of this annotator's has (possible without smoothing): a uniform row, never 0/0.
      pi[r + k] = sum > 0 ? pi[r + k]! / sum : 1 / K;
      logPi[r + k] = Math.log(pi[r + k]!);
    }
  }
}

function normalizeRows(values: Float64Array, K: number): void {
  for (let r = 0; r < values.length; r += K) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += values[r + k]!;
    for (let k = 0; k < K; k++) values[r + k]! /= sum;
  }
}

/** Items, annotators and classes as dense indexes, in order of first appearance. */
function encode(labelings: readonly Labeling[], classes: readonly string[]) {
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const itemIndex = new Map<string, number>();
  const annotatorIndex = new Map<string, number>();
  const obsItem = new Int32Array(labelings.length);
  const obsAnnotator = new Int32Array(labelings.length);
  const obsLabel = new Int32Array(labelings.length);
  labelings.forEach((l, o) => {
    const k = classIndex.get(l.label);
    if (k === undefined) throw new Error(`label "${l.label}" is not among the classes (${classes.join(", ")})`);
    let i = itemIndex.get(l.item);
    if (i === undefined) itemIndex.set(l.item, (i = itemIndex.size));
    let a = annotatorIndex.get(l.annotator);
    if (a === undefined) annotatorIndex.set(l.annotator, (a = annotatorIndex.size));
    obsItem[o] = i;
    obsAnnotator[o] = a;
    obsLabel[o] = k;
  });
  return { items: [...itemIndex.keys()], annotators: [...annotatorIndex.keys()], obsItem, obsAnnotator, obsLabel };
}
