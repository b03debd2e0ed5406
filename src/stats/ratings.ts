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
    const lookup = categoryLookup(declared);
    for (const row of table)
      for (const v of row)
        if (v !== null && lookup(v) === undefined) throw new Error(`value "${v}" is not among the declared categories (${declared.join(", ")})`);
    return [...declared];
  }
  // Numbers are collected apart, without building a string per value: most tables are numeric.
  const numbers = new Set<number>();
  const others = new Map<string, RatingValue>();
  for (const row of table) {
    for (const v of row) {
      if (v === null) continue;
      if (typeof v === "number") numbers.add(v);
      else if (!others.has(v)) others.set(v, v);
    }
  }
  const seen = new Map<string, RatingValue>();
  for (const n of numbers) seen.set(String(n), n);
  for (const [key, v] of others) if (!seen.has(key)) seen.set(key, v);
  const values = [...seen.values()];
  if (values.every((v) => typeof v === "number" || (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))))) {
    return values.sort((a, b) => Number(a) - Number(b));
  }
  // Order of first appearance, as documented, for label categories.
  const order = new Map<string, number>();
  for (const row of table) for (const v of row) if (v !== null && !order.has(String(v))) order.set(String(v), order.size);
  return values.sort((a, b) => order.get(String(a))! - order.get(String(b))!);
}

/** Index of each category by its string form, for counting in typed arrays. */
export function categoryIndex(categories: readonly RatingValue[]): Map<string, number> {
  return new Map(categories.map((c, i) => [String(c), i]));
}

/**
 * The index of a value among `categories` (matched by string form, so 2 and "2" are the same
 * category), or undefined. Numbers are looked up without building their string.
 */
function categoryLookup(categories: readonly RatingValue[]): (value: RatingValue) => number | undefined {
  const byString = categoryIndex(categories);
  const byNumber = new Map<number, number>();
  categories.forEach((c, i) => {
    const n = Number(c);
    if (typeof c === "number" || String(n) === c) byNumber.set(n, i);
  });
  return (value) => (typeof value === "number" ? (byNumber.get(value) ?? byString.get(String(value))) : byString.get(value));
}

/**
 * Per-unit category counts n[u][k], the currency of Fleiss, Krippendorff and Gwet, in one flat
 * array: unit u's counts are `counts[u·k … u·k + k)`. Units with no value at all are kept with
 * zero counts; each statistic decides which units it can pair.
 */
export function unitCounts(table: RatingsTable, categories: readonly RatingValue[]): { counts: Float64Array; totals: Float64Array; k: number } {
  const lookup = categoryLookup(categories);
  const k = categories.length;
  const counts = new Float64Array(table.length * k);
  const totals = new Float64Array(table.length);
  for (let u = 0; u < table.length; u++) {
    const row = table[u]!;
    for (let r = 0; r < row.length; r++) {
      const v = row[r]!;
      if (v === null) continue;
      const c = lookup(v);
      if (c === undefined) throw new Error(`value "${v}" is not a known category`);
      counts[u * k + c]! += 1;
      totals[u]! += 1;
    }
  }
  return { counts, totals, k };
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
