import type { Choice } from "../../domain/choice.js";
import type { Db } from "../database.js";
import { humanJudgment } from "../human-judgments.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/*
 * The queries of a lead's review of the pairs where the AI judge disagrees with a confident human
 * majority. The lead's answer is stored as an adjudication (reason `judge`), the table exports
 * already read a final label from.
 */

/** The items of a campaign that have a lead's final answer (any reason), as comparison ids. */
export function decidedItems(db: Db, campaignId: number): Promise<Set<number>> {
  return onConnection(db, async () => {
    const rows = await statement<[number], { comparisonId: number }>(
      db,
      `SELECT comparison_id AS "comparisonId" FROM adjudications WHERE campaign_id = ? AND status = 'resolved'`,
    ).all(campaignId);
    return new Set(rows.map((r) => r.comparisonId));
  });
}

/** A lead's final answer on an item, with the note that goes into the export's resolution log. */
export interface LeadDecision {
  campaignId: number;
  comparisonId: number;
  choice: Choice;
  note: string;
  /** The lead, as platform:user. */
  lead: string;
  at: number;
}

/**
 * Records a lead's final answer for an item: a new resolved adjudication with reason `judge`, or
 * the resolution of one already waiting (split, review), which keeps its reason. Returns false
 * when the item already had a final answer (another lead was first); that answer stands.
 */
export function recordLeadDecision(db: Db, d: LeadDecision): Promise<boolean> {
  return onConnection(db, async () => {
    const row = await statement<[LeadDecision], { id: number }>(
      db,
      `INSERT INTO adjudications (campaign_id, comparison_id, reason, status, final_choice, note, resolved_by, created_at, resolved_at)
     VALUES (@campaignId, @comparisonId, 'judge', 'resolved', @choice, @note, @lead, @at, @at)
     ON CONFLICT (comparison_id) DO UPDATE SET status = 'resolved', final_choice = excluded.final_choice, note = excluded.note,
       resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at
     WHERE adjudications.status = 'pending'
     RETURNING id`,
    ).get(d);
    return row !== undefined;
  });
}

/** One person's judgment of an item, without who made it. */
export interface ItemHumanVote {
  choice: Choice;
  rationale: string | null;
  confidence: number | null;
}

/** People's judgments of one item (the AI judge's left out), oldest first. */
export function humanVotesOfItem(db: Db, comparisonId: number): Promise<ItemHumanVote[]> {
  return onConnection(db, () => {
    return statement<[number], ItemHumanVote>(
      db,
      `SELECT choice, rationale, confidence FROM judgments WHERE comparison_id = ? AND ${humanJudgment()} ORDER BY id`,
    ).all(comparisonId);
  });
}

/** One judge's verdict on one pair, as a lead reviewing it sees it. */
export interface PairVerdictOfJudge {
  choice: Choice;
  confidence: number;
  ordersAgree: boolean;
  rationale: string | null;
  model: string;
  promptVersion: string;
}

export function verdictOfJudgeOnPair(db: Db, comparisonId: number, judgeId: number): Promise<PairVerdictOfJudge | undefined> {
  return onConnection(db, async () => {
    const row = await statement<[number, number], Omit<PairVerdictOfJudge, "ordersAgree"> & { ordersAgree: number | boolean }>(
      db,
      `SELECT j.choice, v.confidence, v.orders_agree AS "ordersAgree", j.rationale, v.model, v.prompt_version AS "promptVersion"
     FROM judgments j JOIN ai_verdicts v ON v.judgment_id = j.id
     WHERE j.comparison_id = ? AND j.annotator_id = ? AND j.source = 'ai'`,
    ).get(comparisonId, judgeId);
    return row ? { ...row, ordersAgree: row.ordersAgree === 1 || row.ordersAgree === true } : undefined;
  });
}
