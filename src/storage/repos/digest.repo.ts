import type { Db } from "../database.js";
import { humanJudgment } from "../human-judgments.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

// What the leads' daily digest counts in a campaign. Windows are [start, end) in epoch milliseconds.

/** People's judgments in the window, and how many people made them. */
export function judgedBetween(db: Db, campaignId: number, start: number, end: number): Promise<{ judgments: number; people: number }> {
  return onConnection(
    db,
    async () =>
      (await statement<[number, number, number], { judgments: number; people: number }>(
        db,
        `SELECT count(*) AS judgments, count(DISTINCT annotator_id) AS people FROM judgments WHERE campaign_id = ? AND created_at >= ? AND created_at < ? AND ${humanJudgment()}`,
      ).get(campaignId, start, end))!,
  );
}

/** Items waiting for a lead's adjudication. */
export function pendingAdjudicationCount(db: Db, campaignId: number): Promise<number> {
  return onConnection(
    db,
    async () =>
      (await statement<[number], { n: number }>(db, "SELECT count(*) AS n FROM adjudications WHERE campaign_id = ? AND status = 'pending'").get(campaignId))!.n,
  );
}

/** Anomaly flags raised in the window on the campaign's judgments. */
export function flagsBetween(db: Db, campaignId: number, start: number, end: number): Promise<number> {
  return onConnection(
    db,
    async () =>
      (await statement<[number, number, number], { n: number }>(
        db,
        "SELECT count(*) AS n FROM judgment_flags f JOIN judgments j ON j.id = f.judgment_id WHERE j.campaign_id = ? AND f.created_at >= ? AND f.created_at < ?",
      ).get(campaignId, start, end))!.n,
  );
}

/** People who judged in the campaign and now need calibration. */
export function needingCalibrationCount(db: Db, campaignId: number): Promise<number> {
  return onConnection(
    db,
    async () =>
      (await statement<[number], { n: number }>(
        db,
        `SELECT count(DISTINCT a.id) AS n FROM annotators a JOIN judgments j ON j.annotator_id = a.id WHERE j.campaign_id = ? AND a.status = 'needs_calibration' AND ${humanJudgment("j")}`,
      ).get(campaignId))!.n,
  );
}
