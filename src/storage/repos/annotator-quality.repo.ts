import type { Db } from "../database.js";
import { prepared } from "../prepared.js";
import { statement } from "../statement.js";
import { humanJudgment } from "../human-judgments.js";
import { onConnection } from "../transaction.js";

/** An annotator's judgments in a campaign, with gold answers and flagged judgments counted. */
export interface AnnotatorCampaignRow {
  id: number;
  platform: string;
  workspaceId: string;
  userId: string;
  status: string;
  judgments: number;
  gold: number;
  goldCorrect: number;
  /** Judgments with at least one anomaly flag. */
  flagged: number;
}

/** Every person who judged in the campaign, most judgments first (the AI judge is not an annotator here). */
export function annotatorCampaignRows(db: Db, campaignId: number): Promise<AnnotatorCampaignRow[]> {
  // count(CASE … THEN 1 END), not sum(condition): a condition is a boolean on PostgreSQL, which sum() does not take.
  return onConnection(db, () => {
    return statement<[number], AnnotatorCampaignRow>(
      db,
      `SELECT a.id, a.platform, a.workspace_id AS "workspaceId", a.user_id AS "userId", a.status, count(*) AS judgments,
              count(CASE WHEN x.kind = 'gold' THEN 1 END) AS gold, count(CASE WHEN x.kind = 'gold' AND j.choice = x.gold_answer THEN 1 END) AS "goldCorrect",
              count(CASE WHEN EXISTS (SELECT 1 FROM judgment_flags f WHERE f.judgment_id = j.id) THEN 1 END) AS flagged
       FROM judgments j JOIN annotators a ON a.id = j.annotator_id JOIN comparisons x ON x.id = j.comparison_id
       WHERE j.campaign_id = ? AND ${humanJudgment("j")} GROUP BY a.id ORDER BY judgments DESC, a.id`,
    ).all(campaignId);
  });
}

/**
 * How often an annotator's regular votes in a campaign match the other people's majority on the
 * same item: `items` counts the votes where the others have a unique most common choice, `share`
 * is the matching part of them (null when there is none). Items where the others are split evenly
 * (one A, one B) count for nobody: breaking such a tie by any rule would favour the answers that
 * rule happens to pick. This is the same reference `kappa vs others` uses (stats/per-annotator.ts),
 * so the two columns of the QA report describe the same votes.
 */
export function agreementWithOthersMajority(db: Db, annotatorId: number, campaignId: number): Promise<{ items: number; share: number | null }> {
  return onConnection(db, async () => shareOf((await statement<[number, number], MatchCount>(db, AGREEMENT_WITH_OTHERS).get(annotatorId, campaignId))!));
}

/** {@link agreementWithOthersMajority} as part of another repo function's step (synchronous, SQLite: annotator-stats.repo.ts). */
export function agreementWithOthersMajorityNow(db: Db, annotatorId: number, campaignId: number): { items: number; share: number | null } {
  return shareOf(prepared<[number, number], MatchCount>(db, AGREEMENT_WITH_OTHERS).get(annotatorId, campaignId)!);
}

interface MatchCount {
  items: number;
  matches: number | null;
}

/** The share divided here, as SQLite's avg() divides (a double), rather than by PostgreSQL's numeric avg(). */
const shareOf = (r: MatchCount): { items: number; share: number | null } => ({ items: r.items, share: r.items === 0 ? null : (r.matches ?? 0) / r.items });

const AGREEMENT_WITH_OTHERS = `WITH tally AS (
       SELECT j.id AS jid, j.choice AS mine, o.choice AS choice, count(*) AS n
       FROM judgments j JOIN comparisons x ON x.id = j.comparison_id
       JOIN judgments o ON o.comparison_id = j.comparison_id AND o.annotator_id <> j.annotator_id AND ${humanJudgment("o")}
       WHERE j.annotator_id = ? AND j.campaign_id = ? AND x.kind = 'regular'
       GROUP BY j.id, o.choice),
     ranked AS (
       SELECT mine, choice, rank() OVER (PARTITION BY jid ORDER BY n DESC) AS place, count(*) OVER (PARTITION BY jid, n) AS sharing
       FROM tally)
     SELECT count(*) AS items, sum(CASE WHEN mine = choice THEN 1 ELSE 0 END) AS matches FROM ranked WHERE place = 1 AND sharing = 1`;

/** An annotator's answer times in a campaign, shortest first (milliseconds). */
export function answerTimes(db: Db, annotatorId: number, campaignId: number): Promise<number[]> {
  return onConnection(db, async () => {
    const rows = await statement<[number, number], { t: number }>(
      db,
      "SELECT time_taken_ms AS t FROM judgments WHERE annotator_id = ? AND campaign_id = ? AND time_taken_ms IS NOT NULL ORDER BY time_taken_ms",
    ).all(annotatorId, campaignId);
    return rows.map((r) => r.t);
  });
}

/** Flagged judgments per anomaly kind, most frequent first. */
export function flagCounts(db: Db, campaignId: number): Promise<{ kind: string; count: number }[]> {
  return onConnection(db, () => {
    return statement<[number], { kind: string; count: number }>(
      db,
      "SELECT f.kind, count(*) AS count FROM judgment_flags f JOIN judgments j ON j.id = f.judgment_id WHERE j.campaign_id = ? GROUP BY f.kind ORDER BY count DESC, f.kind",
    ).all(campaignId);
  });
}

/** One flag with the judgment, item and annotator it is about. */
export interface FlagLogRow {
  judgmentId: number;
  itemId: string;
  platform: string;
  workspaceId: string;
  userId: string;
  kind: string;
  detail: string;
  createdAt: number;
}

export function flagLogRows(db: Db, campaignId: number): Promise<FlagLogRow[]> {
  return onConnection(db, () => {
    return statement<[number], FlagLogRow>(
      db,
      `SELECT f.judgment_id AS "judgmentId", x.external_id AS "itemId", a.platform, a.workspace_id AS "workspaceId", a.user_id AS "userId",
              f.kind, f.detail, f.created_at AS "createdAt"
       FROM judgment_flags f JOIN judgments j ON j.id = f.judgment_id JOIN comparisons x ON x.id = j.comparison_id JOIN annotators a ON a.id = j.annotator_id
       WHERE j.campaign_id = ? ORDER BY f.id`,
    ).all(campaignId);
  });
}

/** Every adjudication of a campaign, in the order items reached a lead. */
export interface AdjudicationLogRow {
  itemId: string;
  reason: string;
  status: string;
  finalChoice: string | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
}

export function adjudicationLogRows(db: Db, campaignId: number): Promise<AdjudicationLogRow[]> {
  return onConnection(db, () => {
    return statement<[number], AdjudicationLogRow>(
      db,
      `SELECT x.external_id AS "itemId", d.reason, d.status, d.final_choice AS "finalChoice", d.note, d.resolved_by AS "resolvedBy", d.resolved_at AS "resolvedAt"
       FROM adjudications d JOIN comparisons x ON x.id = d.comparison_id WHERE d.campaign_id = ? ORDER BY d.id`,
    ).all(campaignId);
  });
}
