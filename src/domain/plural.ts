/** "1 judgment", "2 judgments", "1 person", "3 people": a count with its noun agreeing. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}
