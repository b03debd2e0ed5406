import { categoriesOf, unitCounts, type RatingsTable, type RatingValue } from "./ratings.js";

export interface FleissResult {
  value: number;
  /** Units with at least two ratings (the others cannot show agreement). */
  units: number;
  ratings: number;
  /** P̄: mean over units of the share of agreeing rater pairs. */
  observedAgreement: number;
  /** P̄e = Σ p_k², p_k the share of all ratings in category k. */
  expectedAgreement: number;
  categories: RatingValue[];
}

/**
 * Fleiss' kappa (Fleiss 1971) for many raters, nominal categories. With a varying number of
 * ratings per unit, P_i = Σ_k n_ik(n_ik − 1) / (n_i(n_i − 1)) per unit and p_k from all ratings of
 * units with two or more, which reduces to Fleiss' formula when every unit has the same number.
 * O(units × categories) time, O(categories) extra memory beyond the counts.
 */
export function fleissKappa(table: RatingsTable, options: { categories?: readonly RatingValue[] } = {}): FleissResult {
  const categories = categoriesOf(table, options.categories);
  const { counts, totals } = unitCounts(table, categories);
  const k = categories.length;
  const categoryTotals = new Float64Array(k);
  let sumP = 0;
  let units = 0;
  let ratings = 0;
  for (let u = 0; u < totals.length; u++) {
    const n = totals[u]!;
    if (n < 2) continue;
    const at = u * k;
    let agree = 0;
    for (let j = 0; j < k; j++) {
      const c = counts[at + j]!;
      agree += c * (c - 1);
      categoryTotals[j]! += c;
    }
    sumP += agree / (n * (n - 1));
    units++;
    ratings += n;
  }
  const observed = units > 0 ? sumP / units : Number.NaN;
  let expected = 0;
  for (let j = 0; j < k; j++) expected += (categoryTotals[j]! / ratings) ** 2;
  const value = expected === 1 ? (observed === 1 ? 1 : 0) : (observed - expected) / (1 - expected);
  return { value, units, ratings, observedAgreement: observed, expectedAgreement: expected, categories };
}
