import type { Choice, DisplayOrder } from "../../domain/choice.js";
import type { Db } from "../database.js";
import { humanJudgment } from "../human-judgments.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";
import { streamRows } from "../stream-rows.js";

// Figures over a campaign's judgments that the lead reports read. Every query leaves the AI judge's
// verdicts out by name (`humanJudgment`): these measure people.

/** An annotator as reports name them, with how many judgments they made. */
export interface ActiveAnnotatorRow {
  id: number;
  platform: string;
  workspaceId: string;
  userId: string;
  judgments: number;
}

/** The people with the most judgments on the campaign's regular items, most first. */
export function mostActiveAnnotators(db: Db, campaignId: number, limit: number): Promise<ActiveAnnotatorRow[]> {
  return onConnection(db, () => {
    return statement<[number, number], ActiveAnnotatorRow>(
      db,
      `SELECT a.id, a.platform, a.workspace_id AS "workspaceId", a.user_id AS "userId", count(*) AS judgments
     FROM judgments j JOIN annotators a ON a.id = j.annotator_id JOIN comparisons x ON x.id = j.comparison_id
     WHERE j.campaign_id = ? AND x.kind = 'regular' AND ${humanJudgment("j")} GROUP BY a.id ORDER BY judgments DESC, a.id LIMIT ?`,
    ).all(campaignId, limit);
  });
}

/** One annotator's choice per item of the campaign (every kind of item). */
export function choicesOfAnnotator(db: Db, annotatorId: number, campaignId: number): Promise<{ comparisonId: number; choice: Choice }[]> {
  return onConnection(db, () => {
    return statement<[number, number], { comparisonId: number; choice: Choice }>(
      db,
      `SELECT comparison_id AS "comparisonId", choice FROM judgments WHERE annotator_id = ? AND campaign_id = ? AND ${humanJudgment()} ORDER BY id`,
    ).all(annotatorId, campaignId);
  });
}

/** A vote cast in chat, where the bot knows which response it showed first, with both responses' lengths. */
export interface PlacedVoteRow {
  platform: string;
  workspaceId: string;
  userId: string;
  displayOrder: DisplayOrder;
  choice: Choice;
  lengthA: number;
  lengthB: number;
}

/** Every vote of the campaign whose display order is known (imported votes have none). */
export function placedVotes(db: Db, campaignId: number): Promise<PlacedVoteRow[]> {
  return onConnection(db, () => {
    return statement<[number], PlacedVoteRow>(
      db,
      `SELECT a.platform, a.workspace_id AS "workspaceId", a.user_id AS "userId", j.display_order AS "displayOrder", j.choice,
            length(x.response_a) AS "lengthA", length(x.response_b) AS "lengthB"
     FROM judgments j JOIN comparisons x ON x.id = j.comparison_id JOIN annotators a ON a.id = j.annotator_id
     WHERE j.campaign_id = ? AND j.display_order IS NOT NULL AND ${humanJudgment("j")} ORDER BY j.id`,
    ).all(campaignId);
  });
}

/** Preferences (a or b) of the campaign whose display order is unknown: imported labels. */
export function unplacedPreferenceCount(db: Db, campaignId: number): Promise<number> {
  return onConnection(db, async () => {
    return (await statement<[number], { n: number }>(
      db,
      `SELECT count(*) AS n FROM judgments j WHERE j.campaign_id = ? AND j.display_order IS NULL AND j.choice IN ('a', 'b') AND ${humanJudgment("j")}`,
    ).get(campaignId))!.n;
  });
}

/** An annotator's answers to their most recent gold items, and how many were right. */
export interface RecentGoldRow {
  platform: string;
  workspaceId: string;
  userId: string;
  status: string;
  answered: number;
  correct: number;
}

/** Per annotator, their last `window` gold answers in the campaign; best accuracy first. */
export function recentGoldAnswers(db: Db, campaignId: number, window: number): Promise<RecentGoldRow[]> {
  return onConnection(db, () => {
    // CASE, not the comparison itself: a boolean on PostgreSQL, which sum() does not take.
    return statement<[number, number], RecentGoldRow>(
      db,
      `SELECT a.platform, a.workspace_id AS "workspaceId", a.user_id AS "userId", a.status,
            count(*) AS answered, sum(g.correct) AS correct FROM (
       SELECT j.annotator_id, CASE WHEN j.choice = x.gold_answer THEN 1 ELSE 0 END AS correct,
              row_number() OVER (PARTITION BY j.annotator_id ORDER BY j.id DESC) AS recent
       FROM judgments j JOIN comparisons x ON x.id = j.comparison_id WHERE j.campaign_id = ? AND x.kind = 'gold' AND ${humanJudgment("j")}) g
     JOIN annotators a ON a.id = g.annotator_id WHERE g.recent <= ? GROUP BY a.id ORDER BY sum(g.correct) * 1.0 / count(*) DESC, a.id`,
    ).all(campaignId, window);
  });
}

/** Judgments made per UTC day (days since the epoch) from `since` (epoch milliseconds); days without any are absent. */
export function judgmentsPerDay(db: Db, campaignId: number, since: number): Promise<{ day: number; judgments: number }[]> {
  return onConnection(db, () => {
    return statement<[number, number], { day: number; judgments: number }>(
      db,
      `SELECT created_at / 86400000 AS day, count(*) AS judgments FROM judgments WHERE campaign_id = ? AND created_at >= ? AND ${humanJudgment()} GROUP BY day ORDER BY day`,
    ).all(campaignId, since);
  });
}

/** The choices on the campaign's regular items, grouped by item (in item order), streamed one row at a time. */
export function regularChoicesByItem(db: Db, campaignId: number): AsyncGenerator<{ comparisonId: number; choice: Choice }> {
  return streamRows<{ comparisonId: number; choice: Choice }>(
    db,
    `SELECT j.comparison_id AS "comparisonId", j.choice FROM judgments j JOIN comparisons x ON x.id = j.comparison_id
     WHERE j.campaign_id = ? AND x.kind = 'regular' AND ${humanJudgment("j")} ORDER BY j.comparison_id, j.annotator_id`,
    campaignId,
  );
}

/** How many people judged anything in the campaign. */
export function countRaters(db: Db, campaignId: number): Promise<number> {
  return onConnection(db, async () => {
    return (await statement<[number], { n: number }>(
      db,
      `SELECT count(DISTINCT annotator_id) AS n FROM judgments WHERE campaign_id = ? AND ${humanJudgment()}`,
    ).get(campaignId))!.n;
  });
}
