import type { Db } from "../database.js";
import { agreementWithOthersMajorityNow } from "./annotator-quality.repo.js";
import { humanJudgment } from "../human-judgments.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

// An annotator's own numbers (`/pairwise stats`) and the anonymized leaderboard beside them.

/** What one annotator did in one campaign. */
export interface AnnotatorCampaignTotals {
  campaignId: number;
  campaign: string;
  /** The campaign's title, or its name when it has none. */
  title: string;
  judgments: number;
  rationales: number;
  goldAnswered: number;
  goldCorrect: number;
}

/** The annotator's totals in every campaign they judged in, by campaign name. */
export function annotatorCampaignTotals(db: Db, annotatorId: number): Promise<AnnotatorCampaignTotals[]> {
  return onConnection(db, () =>
    statement<[number], AnnotatorCampaignTotals>(
      db,
      // Campaign names are ASCII slugs, ordered the same by either database's collation.
      `SELECT c.id AS "campaignId", c.name AS campaign, coalesce(c.title, c.name) AS title, count(*) AS judgments,
       coalesce(sum(CASE WHEN j.rationale IS NOT NULL THEN 1 ELSE 0 END), 0) AS rationales,
       coalesce(sum(CASE WHEN x.kind = 'gold' THEN 1 ELSE 0 END), 0) AS "goldAnswered",
       coalesce(sum(CASE WHEN x.kind = 'gold' AND j.choice = x.gold_answer THEN 1 ELSE 0 END), 0) AS "goldCorrect"
     FROM judgments j JOIN campaigns c ON c.id = j.campaign_id JOIN comparisons x ON x.id = j.comparison_id
     WHERE j.annotator_id = ? GROUP BY c.id ORDER BY c.name`,
    ).all(annotatorId),
  );
}

/**
 * Share of the annotator's regular votes in the campaign that match the other people's majority on
 * the same item, over items where that majority is unique; null for none (see
 * `agreementWithOthersMajority`).
 */
export function agreementWithOthers(db: Db, annotatorId: number, campaignId: number): Promise<number | null> {
  return onConnection(db, async () => (await agreementWithOthersMajorityNow(db, annotatorId, campaignId)).share);
}

/** A place on a campaign's leaderboard. */
export interface StandingRow {
  id: number;
  platform: string;
  workspaceId: string;
  userId: string;
  /** The annotator asked to be left off the leaderboard others see. */
  optOut: boolean;
  judgments: number;
}

/** The campaign's people (platform annotators, not imported ones) by judgments, most first. */
export function campaignStandings(db: Db, campaignId: number): Promise<StandingRow[]> {
  return onConnection(db, async () =>
    (
      await statement<[number], Omit<StandingRow, "optOut"> & { optOut: number | boolean }>(
        db,
        `SELECT a.id, a.platform, a.workspace_id AS "workspaceId", a.user_id AS "userId", a.leaderboard_opt_out AS "optOut", count(*) AS judgments
     FROM judgments j JOIN annotators a ON a.id = j.annotator_id
     WHERE j.campaign_id = ? AND a.platform <> 'external' AND ${humanJudgment("j")} GROUP BY a.id ORDER BY judgments DESC, a.id`,
      ).all(campaignId)
    ).map((r) => ({ ...r, optOut: r.optOut === 1 || r.optOut === true })),
  );
}

/** The UTC days (days since the epoch) on which the annotator judged anything. */
export function daysJudged(db: Db, annotatorId: number): Promise<number[]> {
  return onConnection(db, async () =>
    // Integer division on both databases (epoch milliseconds are integers, and never before 1970 here).
    (await statement<[number], { day: number }>(db, "SELECT DISTINCT created_at / 86400000 AS day FROM judgments WHERE annotator_id = ?").all(annotatorId)).map(
      (r) => Math.floor(r.day),
    ),
  );
}

/** Leaves (true) or rejoins (false) the leaderboard other annotators see. */
export function updateLeaderboardOptOut(db: Db, annotatorId: number, optOut: boolean): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number]>(db, `UPDATE annotators SET leaderboard_opt_out = ${optOut ? "TRUE" : "FALSE"} WHERE id = ?`).run(annotatorId);
  });
}
