/**
 * The SQL condition that keeps the AI judge's verdicts (judgments with source `ai`) out of
 * everything that measures people: agreement, gold accuracy, annotator stats and leaderboards,
 * calibration, anomaly checks, adaptive overlap, model rankings, and training exports unless
 * `--include-ai`. Every query that reads judgments of more than one annotator applies it, by name,
 * so the exclusion is visible where it happens: `WHERE ${humanJudgment("j")}`.
 */
export function humanJudgment(alias?: string): string {
  return `${alias ? `${alias}.` : ""}source <> 'ai'`;
}
