import { categoriesOf, unitCounts, type RatingsTable, type RatingValue } from "./ratings.js";

export type MeasurementLevel = "nominal" | "ordinal" | "interval" | "ratio";

export interface AlphaResult {
  value: number;
  level: MeasurementLevel;
  /** Units with two or more values: only they are pairable (Krippendorff 2011). */
  units: number;
  /** n: the number of pairable values. */
  pairableValues: number;
  observedDisagreement: number;
  expectedDisagreement: number;
  categories: RatingValue[];
  /** The coincidence matrix o_ck, in category order. */
  coincidences: number[][];
}

/**
 * Krippendorff's alpha, α = 1 − D_o / D_e, computed as in "Computing Krippendorff's
 * Alpha-Reliability" (Krippendorff 2011) from the coincidence matrix: every unit with m_u ≥ 2
 * values adds n_uc·n_uk / (m_u − 1) to o_ck (n_uc(n_uc − 1)/(m_u − 1) on the diagonal); units with
 * fewer values are not pairable and left out. Difference functions: nominal (0/1), ordinal (ranks
 * through the marginals), interval ((c − k)²), ratio (((c − k)/(c + k))²); interval and ratio need
 * numeric values. Any number of raters per unit, missing values allowed.
 *
 * Time O(N + U·d² + K²) for N values, U units with at most d distinct values each, K categories;
 * memory O(U·K) for the counts (one typed array) plus O(K²).
 */
export function krippendorffAlpha(table: RatingsTable, options: { level?: MeasurementLevel; categories?: readonly RatingValue[] } = {}): AlphaResult {
  const level = options.level ?? "nominal";
  const categories = categoriesOf(table, options.categories);
  const k = categories.length;
  const numeric = categories.map(Number);
  if ((level === "interval" || level === "ratio") && numeric.some((x) => !Number.isFinite(x))) {
    throw new Error(
      `${level} alpha needs numeric values; got ${categories
        .filter((_, i) => !Number.isFinite(numeric[i]!))
        .slice(0, 3)
        .join(", ")}`,
    );
  }
  const { counts, totals } = unitCounts(table, categories);
  // o[i·k + j]: the coincidence matrix, filled from the categories present in each unit only.
  const flat = new Float64Array(k * k);
  const present = new Int32Array(k);
  let units = 0;
  for (let u = 0; u < totals.length; u++) {
    const m = totals[u]!;
    if (m < 2) continue;
    units++;
    const at = u * k;
    let p = 0;
    for (let i = 0; i < k; i++) if (counts[at + i]! > 0) present[p++] = i;
    for (let x = 0; x < p; x++) {
      const i = present[x]!;
      const ci = counts[at + i]!;
      for (let y = 0; y < p; y++) {
        const j = present[y]!;
        flat[i * k + j]! += (i === j ? ci * (ci - 1) : ci * counts[at + j]!) / (m - 1);
      }
    }
  }
  const o = Array.from({ length: k }, (_, i) => flat.subarray(i * k, (i + 1) * k));
  const nc = Array.from({ length: k }, (_, i) => o[i]!.reduce((a, b) => a + b, 0));
  const n = nc.reduce((a, b) => a + b, 0);

  const delta = (i: number, j: number): number => {
    if (i === j) return 0;
    switch (level) {
      case "nominal":
        return 1;
      case "ordinal": {
        const [lo, hi] = i < j ? [i, j] : [j, i];
        let s = 0;
        for (let g = lo; g <= hi; g++) s += nc[g]!;
        s -= (nc[lo]! + nc[hi]!) / 2;
        return s * s;
      }
      case "interval":
        return (numeric[i]! - numeric[j]!) ** 2;
      case "ratio": {
        const sum = numeric[i]! + numeric[j]!;
        return sum === 0 ? 0 : ((numeric[i]! - numeric[j]!) / sum) ** 2;
      }
    }
  };

  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) continue;
      const d = delta(i, j);
      observed += o[i]![j]! * d;
      expected += nc[i]! * nc[j]! * d;
    }
  }
  const Do = n > 0 ? observed / n : Number.NaN;
  const De = n > 1 ? expected / (n * (n - 1)) : Number.NaN;
  const value = De === 0 ? (Do === 0 ? 1 : 0) : 1 - Do / De;
  return { value, level, units, pairableValues: n, observedDisagreement: Do, expectedDisagreement: De, categories, coincidences: o.map((row) => [...row]) };
}
