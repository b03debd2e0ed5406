import type { Db } from "../database.js";
import { prepared } from "../prepared.js";
import { onConnection } from "../transaction.js";

/** One week of a campaign, averaged over the annotators the drift check recorded (annotator_weekly). */
export interface WeeklyFiguresRow {
  /** Monday 00:00 UTC of the week, epoch milliseconds. */
  week: number;
  agreement: number | null;
  gold: number | null;
  judgments: number;
  annotators: number;
}

/** The campaign's weeks, oldest first. */
export function campaignWeeklyFigures(db: Db, campaignId: number): Promise<WeeklyFiguresRow[]> {
  return onConnection(db, () => {
    return prepared<[number], WeeklyFiguresRow>(
      db,
      "SELECT week_start AS week, avg(agreement) AS agreement, avg(gold_accuracy) AS gold, sum(judgments) AS judgments, count(*) AS annotators FROM annotator_weekly WHERE campaign_id = ? GROUP BY week_start ORDER BY week_start",
    ).all(campaignId);
  });
}
