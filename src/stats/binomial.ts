/** log(n choose k) through log-gamma (Lanczos), exact enough for p-values at any n. */
function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function logPmf(k: number, n: number, p: number): number {
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (p === 1) return k === n ? 0 : -Infinity;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p);
}

/**
 * Exact two-sided binomial test of k successes in n trials against p (default ½): the sum of the
 * probabilities of every outcome no more likely than the observed one (the definition R's
 * binom.test uses). O(n).
 */
export function binomialTest(k: number, n: number, p = 0.5): number {
  if (n === 0) return 1;
  const observed = logPmf(k, n, p);
  let total = 0;
  // A relative tolerance, as R uses, so that outcomes equal to the observed one count.
  const limit = observed + Math.log1p(1e-7);
  for (let i = 0; i <= n; i++) {
    const lp = logPmf(i, n, p);
    if (lp <= limit) total += Math.exp(lp);
  }
  return Math.min(1, total);
}
