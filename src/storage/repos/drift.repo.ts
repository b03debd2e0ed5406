import type { Db } from "../database.js";
import { humanJudgment } from "../human-judgments.js";
import { prepared } from "../prepared.js";
import { onConnection } from "../transaction.js";

/** One annotator's figures in one campaign over one week (the drift check's memory, table annotator_weekly). */
export interface WeeklyFigures {
  annotatorId: number;
  judgments: number;
  /** Share of regular votes that match the other people's most common choice on the same item (null: none had others). */
  agreement: number | null;
  /** Gold items answered. */
  gold: number;
  goldAccuracy: number | null;
}

/** Each annotator's figures from their platform votes in a campaign in [start, end). */
export function weeklyFiguresOfCampaign(db: Db, campaignId: number, start: number, end: number): Promise<WeeklyFigures[]> {
  return onConnection(db, () => {
    return prepared<[number, number, number], WeeklyFigures>(
      db,
      `SELECT j.annotator_id AS annotatorId, count(*) AS judgments,
           avg(CASE WHEN x.kind = 'regular' AND (SELECT count(*) FROM judgments o WHERE o.comparison_id = j.comparison_id AND o.annotator_id <> j.annotator_id AND ${humanJudgment("o")}) > 0
                    THEN j.choice = (SELECT o.choice FROM judgments o WHERE o.comparison_id = j.comparison_id AND o.annotator_id <> j.annotator_id AND ${humanJudgment("o")} GROUP BY o.choice ORDER BY count(*) DESC, o.choice LIMIT 1) END) AS agreement,
           sum(x.kind = 'gold') AS gold, avg(CASE WHEN x.kind = 'gold' THEN j.choice = x.gold_answer END) AS goldAccuracy
         FROM judgments j JOIN comparisons x ON x.id = j.comparison_id
         WHERE j.campaign_id = ? AND j.source = 'platform' AND j.created_at >= ? AND j.created_at < ?
         GROUP BY j.annotator_id`,
    ).all(campaignId, start, end);
  });
}

/** Records an annotator's figures for the week starting `weekStart`; false when that week was already recorded. */
export function recordWeeklyFigures(db: Db, campaignId: number, weekStart: number, f: WeeklyFigures): Promise<boolean> {
  return onConnection(db, () => {
    return (
      prepared<[number, number, number, number, number | null, number, number | null]>(
        db,
        "INSERT INTO annotator_weekly (campaign_id, annotator_id, week_start, judgments, agreement, gold_answered, gold_accuracy) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      ).run(campaignId, f.annotatorId, weekStart, f.judgments, f.agreement, f.gold, f.goldAccuracy).changes > 0
    );
  });
}

/** An annotator's average figures over the recorded weeks in [since, before) that had at least `minJudgments` judgments. */
export function weeklyBaseline(
  db: Db,
  input: { campaignId: number; annotatorId: number; since: number; before: number; minJudgments: number },
): Promise<{ agreement: number | null; goldAccuracy: number | null }> {
  return onConnection(db, () => {
    // An aggregate without GROUP BY always yields one row (of nulls when no week qualifies).
    return prepared<[number, number, number, number, number], { agreement: number | null; goldAccuracy: number | null }>(
      db,
      "SELECT avg(agreement) AS agreement, avg(gold_accuracy) AS goldAccuracy FROM annotator_weekly WHERE campaign_id = ? AND annotator_id = ? AND week_start >= ? AND week_start < ? AND judgments >= ?",
    ).get(input.campaignId, input.annotatorId, input.since, input.before, input.minJudgments)!;
  });
}
