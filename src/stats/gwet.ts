import { agreementWeights, categoriesOf, unitCounts, type RatingsTable, type RatingValue, type Weighting } from "./ratings.js";

export interface Ac1Result {
  value: number;
  /** AC1 (nominal) or AC2 (weighted). */
  coefficient: "AC1" | "AC2";
  /** Units with two or more ratings, over which p_a averages. */
  units: number;
  observedAgreement: number;
  expectedAgreement: number;
  categories: RatingValue[];
}

/**
 * Gwet's AC1 (nominal) and AC2 (weighted), for any number of raters with missing ratings, as in
 * Gwet (2014), Handbook of Inter-Rater Reliability, ch. 4: p_a averages, over units with r_i ≥ 2,
 * Σ_k r_ik (r*_ik − 1) / (r_i (r_i − 1)) with r*_ik = Σ_l w_kl r_il; π_k averages r_ik / r_i over
 * units with a rating; p_e = T_w / (q (q − 1)) · Σ_k π_k (1 − π_k). Unlike kappa it stays stable
 * when one answer dominates, as preference data often does.
 */
export function gwetAc(table: RatingsTable, options: { categories?: readonly RatingValue[]; weighting?: Weighting } = {}): Ac1Result {
  const categories = categoriesOf(table, options.categories);
  const q = categories.length;
  const weighting = options.weighting ?? "none";
  const w = agreementWeights(q, weighting);
  const { counts, totals } = unitCounts(table, categories);
  let pa = 0;
  let paUnits = 0;
  const pi = new Float64Array(q);
  let piUnits = 0;
  for (let u = 0; u < totals.length; u++) {
    const r = totals[u]!;
    if (r < 1) continue;
    const c = counts.subarray(u * q, (u + 1) * q);
    piUnits++;
    for (let j = 0; j < q; j++) pi[j]! += c[j]! / r;
    if (r < 2) continue;
    paUnits++;
    let s = 0;
    for (let j = 0; j < q; j++) {
      if (c[j] === 0) continue;
      let star = 0;
      for (let l = 0; l < q; l++) star += w[j]![l]! * c[l]!;
      s += c[j]! * (star - 1);
    }
    pa += s / (r * (r - 1));
  }
  const observed = paUnits > 0 ? pa / paUnits : Number.NaN;
  const tw = w.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  let spread = 0;
  for (let j = 0; j < q; j++) {
    const p = pi[j]! / piUnits;
    spread += p * (1 - p);
  }
  const expected = q > 1 ? (tw / (q * (q - 1))) * spread : 0;
  const value = expected === 1 ? 1 : (observed - expected) / (1 - expected);
  return { value, coefficient: weighting === "none" ? "AC1" : "AC2", units: paUnits, observedAgreement: observed, expectedAgreement: expected, categories };
}
