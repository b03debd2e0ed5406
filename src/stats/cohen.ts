import { agreementWeights, categoriesOf, categoryIndex, type RatingsTable, type RatingValue, type Weighting } from "./ratings.js";

export interface KappaResult {
  value: number;
  /** Units rated by both raters (others are left out). */
  units: number;
  observedAgreement: number;
  expectedAgreement: number;
  categories: RatingValue[];
  /** Rows: first rater, columns: second rater, in category order. */
  confusion: number[][];
}

/**
 * Cohen's kappa from a k×k contingency table (counts or proportions): (p_o − p_e) / (1 − p_e), with
 * agreement weights w (identity for the nominal kappa of Cohen 1960; linear or quadratic, or any
 * matrix, for the weighted kappa of Cohen 1968: p_o = Σ w_ij p_ij, p_e = Σ w_ij p_i· p_·j).
 */
export function kappaFromTable(
  table: readonly (readonly number[])[],
  weights: readonly (readonly number[])[],
): { value: number; observed: number; expected: number; n: number } {
  const k = table.length;
  const n = table.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  const rows = table.map((row) => row.reduce((a, b) => a + b, 0) / n);
  const cols = Array.from({ length: k }, (_, j) => table.reduce((s, row) => s + row[j]!, 0) / n);
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      observed += weights[i]![j]! * (table[i]![j]! / n);
      expected += weights[i]![j]! * rows[i]! * cols[j]!;
    }
  }
  const value = expected === 1 ? (observed === 1 ? 1 : 0) : (observed - expected) / (1 - expected);
  return { value, observed, expected, n };
}

/**
 * Cohen's kappa (nominal) or weighted kappa (linear, quadratic) between two raters: a table with
 * two columns, one row per unit. Units missing either rating are left out (listwise). The category
 * set matters for weighted kappa, so pass the campaign's `categories` rather than letting the
 * data decide (tools that silently drop unused categories report different values).
 */
export function cohenKappa(table: RatingsTable, options: { categories?: readonly RatingValue[]; weighting?: Weighting } = {}): KappaResult {
  const pairs = table.filter((row) => row.length >= 2 && row[0] !== null && row[0] !== undefined && row[1] !== null && row[1] !== undefined);
  if (table.some((row) => row.length !== 2)) throw new Error("Cohen's kappa compares exactly two raters: every unit needs two columns");
  const categories = categoriesOf(pairs, options.categories);
  const index = categoryIndex(categories);
  const confusion = categories.map(() => categories.map(() => 0));
  for (const [a, b] of pairs) confusion[index.get(String(a))!]![index.get(String(b))!]! += 1;
  if (pairs.length === 0) return { value: Number.NaN, units: 0, observedAgreement: Number.NaN, expectedAgreement: Number.NaN, categories, confusion };
  const r = kappaFromTable(confusion, agreementWeights(categories.length, options.weighting ?? "none"));
  return { value: r.value, units: pairs.length, observedAgreement: r.observed, expectedAgreement: r.expected, categories, confusion };
}
