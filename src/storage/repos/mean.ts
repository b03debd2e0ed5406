/**
 * The mean of the values that are not null, in the order given; null when there are none (SQL's
 * avg). Repos average stored doubles with this instead of avg(): PostgreSQL adds doubles one by one,
 * SQLite (3.43 on) with Kahan-Babuska-Neumaier compensation, so avg() of the same rows can differ in
 * the last bit between them (0.8125 against 0.8125000000000001, seen in the quality figures test).
 * This sums as SQLite does, so the figures SQLite gave before stay as they were, and PostgreSQL
 * gives the same.
 */
export function meanOf(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let error = 0;
  let count = 0;
  for (const v of values) {
    if (v === null) continue;
    const t = sum + v;
    error += Math.abs(sum) > Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
    count++;
  }
  return count === 0 ? null : (sum + error) / count;
}
