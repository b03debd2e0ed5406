/**
 * The mean of the values that are not null, summed in the order given; null when there are none
 * (SQL's avg). Repos average stored doubles with this instead of avg(), which SQLite and
 * PostgreSQL round differently.
 */
export function meanOf(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v === null) continue;
    sum += v;
    count++;
  }
  return count === 0 ? null : sum / count;
}
