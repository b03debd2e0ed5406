import type { Labeling } from "./majority.js";

export interface DawidSkeneResult {
  classes: string[];
  /** Estimated class priors, in `classes` order. */
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
 * per-item vote shares (soft majority); M-step with additive smoothing `smoothing` (default 0.01)
 * so an unseen cell never zeroes a posterior; stops when the log-likelihood improves by less than
 * `tolerance` (relative, default 1e-7) or after `maxIterations` (default 1000). (Posteriors can
 * keep creeping on a flat likelihood long after the labels stop changing.)
 * O(iterations × labelings × classes) time, O(items × classes) memory.
 */
export function dawidSkene(labelings: readonly Labeling[], options: { classes?: readonly string[]; maxIterations?: number; tolerance?: number; smoothing?: number } = {}): DawidSkeneResult {
  const classes = options.classes ? [...options.classes] : [...new Set(labelings.map((l) => l.label))].sort();
  const K = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const items = [...new Set(labelings.map((l) => l.item))];
  const itemIndex = new Map(items.map((c, i) => [c, i]));
  const annotators = [...new Set(labelings.map((l) => l.annotator))];
  const annotatorIndex = new Map(annotators.map((c, i) => [c, i]));
  const obs = labelings.map((l) => {
    const k = classIndex.get(l.label);
    if (k === undefined) throw new Error(`label "${l.label}" is not among the classes`);
    return { i: itemIndex.get(l.item)!, a: annotatorIndex.get(l.annotator)!, k };
  });
  const smoothing = options.smoothing ?? 0.01;
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-7;
  let previousLogLikelihood = -Infinity;

  // T[i][k]: posterior of item i being class k; start from vote shares.
  const initial = items.map(() => new Float64Array(K));
  for (const o of obs) initial[o.i]![o.k]! += 1;
  for (const row of initial) {
    const s = row.reduce((a, b) => a + b, 0);
    for (let k = 0; k < K; k++) row[k]! /= s;
  }
  let T: ArrayLike<number>[] = initial;
  let priors = new Float64Array(K);
  let pi: Float64Array[][] = [];
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    // M-step.
    priors = new Float64Array(K);
    for (const row of T) for (let k = 0; k < K; k++) priors[k]! += row[k]!;
    for (let k = 0; k < K; k++) priors[k]! /= items.length;
    pi = annotators.map(() => Array.from({ length: K }, () => new Float64Array(K).fill(smoothing)));
    for (const o of obs) for (let t = 0; t < K; t++) pi[o.a]![t]![o.k]! += T[o.i]![t]!;
    for (const m of pi) for (const row of m) {
      const s = row.reduce((a, b) => a + b, 0);
      for (let k = 0; k < K; k++) row[k]! /= s;
    }
    // E-step, in log space.
    const logT = items.map(() => Float64Array.from(priors, (p) => Math.log(Math.max(p, 1e-300))));
    for (const o of obs) for (let t = 0; t < K; t++) logT[o.i]![t]! += Math.log(pi[o.a]![t]![o.k]!);
    let logLikelihood = 0;
    T = logT.map((row) => {
      const max = Math.max(...row);
      const e = row.map((x) => Math.exp(x - max));
      const s = e.reduce((a, b) => a + b, 0);
      logLikelihood += max + Math.log(s);
      return e.map((x) => x / s);
    });
    if (Math.abs(logLikelihood - previousLogLikelihood) < tolerance * Math.abs(logLikelihood)) {
      converged = true;
      break;
    }
    previousLogLikelihood = logLikelihood;
  }
  return {
    classes,
    priors: [...priors],
    confusion: Object.fromEntries(annotators.map((a, i) => [a, pi[i]!.map((row) => [...row])])),
    items: items.map((item, i) => {
      const post = Array.from(T[i]!);
      const best = post.indexOf(Math.max(...post));
      return { item, label: classes[best]!, posterior: post };
    }),
    iterations,
    converged,
  };
}
