import type { Db } from "../database.js";
import { humanJudgment } from "../human-judgments.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";
import { meanOf } from "./mean.js";

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

/** Each annotator's figures from their platform votes in a campaign in [start, end), by annotator id. */
export function weeklyFiguresOfCampaign(db: Db, campaignId: number, start: number, end: number): Promise<WeeklyFigures[]> {
  return onConnection(db, () =>
    // Averages of 0s and 1s taken as doubles: exact sums and one division, the same number on both databases.
    statement<[number, number, number], WeeklyFigures>(
      db,
      `SELECT j.annotator_id AS "annotatorId", count(*) AS judgments,
           avg(CASE WHEN x.kind = 'regular' AND (SELECT count(*) FROM judgments o WHERE o.comparison_id = j.comparison_id AND o.annotator_id <> j.annotator_id AND ${humanJudgment("o")}) > 0
                    THEN CAST(CASE WHEN j.choice = (SELECT o.choice FROM judgments o WHERE o.comparison_id = j.comparison_id AND o.annotator_id <> j.annotator_id AND ${humanJudgment("o")} GROUP BY o.choice ORDER BY count(*) DESC, o.choice LIMIT 1) THEN 1 ELSE 0 END AS DOUBLE PRECISION) END) AS agreement,
           sum(CASE WHEN x.kind = 'gold' THEN 1 ELSE 0 END) AS gold,
           avg(CASE WHEN x.kind = 'gold' THEN CAST(CASE WHEN j.choice = x.gold_answer THEN 1 ELSE 0 END AS DOUBLE PRECISION) END) AS "goldAccuracy"
         FROM judgments j JOIN comparisons x ON x.id = j.comparison_id
         WHERE j.campaign_id = ? AND j.source = 'platform' AND j.created_at >= ? AND j.created_at < ?
         GROUP BY j.annotator_id ORDER BY j.annotator_id`,
    ).all(campaignId, start, end),
  );
}

/** Records an annotator's figures for the week starting `weekStart`; false when that week was already recorded. */
export function recordWeeklyFigures(db: Db, campaignId: number, weekStart: number, f: WeeklyFigures): Promise<boolean> {
  return onConnection(
    db,
    async () =>
      (await statement<[number, number, number, number, number | null, number, number | null]>(
        db,
        "INSERT INTO annotator_weekly (campaign_id, annotator_id, week_start, judgments, agreement, gold_answered, gold_accuracy) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      ).run(campaignId, f.annotatorId, weekStart, f.judgments, f.agreement, f.gold, f.goldAccuracy)) > 0,
  );
}

/** An annotator's average figures over the recorded weeks in [since, before) that had at least `minJudgments` judgments. */
export function weeklyBaseline(
  db: Db,
  input: { campaignId: number; annotatorId: number; since: number; before: number; minJudgments: number },
): Promise<{ agreement: number | null; goldAccuracy: number | null }> {
  return onConnection(db, async () => {
    // Averaged here, week by week in order, rather than by avg(): the databases sum doubles differently
    // (SQLite compensates rounding, PostgreSQL does not), and the baseline must not depend on which one holds it.
    const weeks = await statement<[number, number, number, number, number], { agreement: number | null; goldAccuracy: number | null }>(
      db,
      'SELECT agreement, gold_accuracy AS "goldAccuracy" FROM annotator_weekly WHERE campaign_id = ? AND annotator_id = ? AND week_start >= ? AND week_start < ? AND judgments >= ? ORDER BY week_start',
    ).all(input.campaignId, input.annotatorId, input.since, input.before, input.minJudgments);
    return { agreement: meanOf(weeks.map((w) => w.agreement)), goldAccuracy: meanOf(weeks.map((w) => w.goldAccuracy)) };
  });
}
