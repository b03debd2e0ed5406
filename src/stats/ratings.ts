/**
 * The shared input of the agreement statistics: a reliability-data table with one row per unit
 * (an item) and one column per rater, `null` where a rater gave no value. Values are category
 * labels (strings) or numbers.
 */
export type RatingValue = string | number;
export type RatingsTable = readonly (readonly (RatingValue | null)[])[];

/**
 * The ordered category set: the declared one when given (unused categories still count, as they
 * must for weighted statistics), otherwise the observed values — numbers in numeric order, other
 * values in order of first appearance.
 */
export function categoriesOf(table: RatingsTable, declared?: readonly RatingValue[]): RatingValue[] {
  if (declared && declared.length > 0) {
    const set = new Set(declared.map(String));
    for (const row of table) for (const v of row) if (v !== null && !set.has(String(v))) throw new Error(`value "${v}" is not among the declared categories (${declared.join(", ")})`);
    return [...declared];
  }
  const seen = new Map<string, RatingValue>();
  for (const row of table) for (const v of row) if (v !== null && !seen.has(String(v))) seen.set(String(v), v);
  const values = [...seen.values()];
  if (values.every((v) => typeof v === "number" || (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))))) {
    return values.sort((a, b) => Number(a) - Number(b));
  }
  return values;
}

/** Index of each category by its string form, for counting in typed arrays. */
export function categoryIndex(categories: readonly RatingValue[]): Map<string, number> {
  return new Map(categories.map((c, i) => [String(c), i]));
}

/**
 * Per-unit category counts, n[u][k]: the currency of Fleiss, Krippendorff and Gwet. Units with no
 * value at all are kept with zero counts; each statistic decides which units it can pair.
 */
export function unitCounts(table: RatingsTable, categories: readonly RatingValue[]): { counts: Float64Array[]; totals: Float64Array } {
  const index = categoryIndex(categories);
  const counts: Float64Array[] = [];
  const totals = new Float64Array(table.length);
  table.forEach((row, u) => {
    const c = new Float64Array(categories.length);
    for (const v of row) {
      if (v === null) continue;
      const k = index.get(String(v));
      if (k === undefined) throw new Error(`value "${v}" is not a known category`);
      c[k]! += 1;
      totals[u]! += 1;
    }
    counts.push(c);
  });
  return { counts, totals };
}

/** Agreement weights for ordered categories: identity (nominal), linear or quadratic (Cohen 1968). */
export type Weighting = "none" | "linear" | "quadratic";

export function agreementWeights(k: number, weighting: Weighting): number[][] {
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      if (weighting === "none" || k === 1) return i === j ? 1 : 0;
      const d = Math.abs(i - j) / (k - 1);
      return weighting === "linear" ? 1 - d : 1 - d * d;
    }),
  );
}
