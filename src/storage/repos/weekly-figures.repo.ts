import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";
import { meanOf } from "./mean.js";

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
  return onConnection(db, async () => {
    // Grouped and averaged here (see meanOf): the same figures whichever database holds them.
    const rows = await statement<[number], { week: number; agreement: number | null; gold: number | null; judgments: number }>(
      db,
      "SELECT week_start AS week, agreement, gold_accuracy AS gold, judgments FROM annotator_weekly WHERE campaign_id = ? ORDER BY week_start, annotator_id",
    ).all(campaignId);
    const weeks = new Map<number, (typeof rows)[number][]>();
    for (const r of rows) {
      const week = weeks.get(r.week);
      if (week) week.push(r);
      else weeks.set(r.week, [r]);
    }
    return [...weeks].map(([week, of]) => ({
      week,
      agreement: meanOf(of.map((r) => r.agreement)),
      gold: meanOf(of.map((r) => r.gold)),
      judgments: of.reduce((total, r) => total + r.judgments, 0),
      annotators: of.length,
    }));
  });
}
