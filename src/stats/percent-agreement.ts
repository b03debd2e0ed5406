import { categoriesOf, unitCounts, type RatingsTable, type RatingValue } from "./ratings.js";

export interface PercentAgreementResult {
  value: number;
  units: number;
  /** The share of units where every rating agreed, for comparison (another common "percent agreement"). */
  unanimousShare: number;
}

/**
 * Percent agreement, Gwet's pairwise definition: over units with two or more ratings, the share of
 * agreeing rater pairs Σ_k r_ik (r_ik − 1) / (r_i (r_i − 1)), averaged over units. (Not
 * Krippendorff's internal one, which weights units by their values, nor the share of unanimous
 * units, which is returned alongside.)
 */
export function percentAgreement(table: RatingsTable, options: { categories?: readonly RatingValue[] } = {}): PercentAgreementResult {
  const categories = categoriesOf(table, options.categories);
  const { counts, totals, k } = unitCounts(table, categories);
  let sum = 0;
  let units = 0;
  let unanimous = 0;
  for (let u = 0; u < totals.length; u++) {
    const r = totals[u]!;
    if (r < 2) continue;
    units++;
    let s = 0;
    for (let j = u * k; j < (u + 1) * k; j++) {
      const c = counts[j]!;
      s += c * (c - 1);
      if (c === r) unanimous++;
    }
    sum += s / (r * (r - 1));
  }
  return { value: units > 0 ? sum / units : Number.NaN, units, unanimousShare: units > 0 ? unanimous / units : Number.NaN };
}
