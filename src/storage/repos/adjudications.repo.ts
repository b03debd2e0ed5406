import type { Choice } from "../../domain/choice.js";
import type { Db } from "../database.js";
import { humanJudgment } from "../human-judgments.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/** Why an item waits for a lead: `split` (no majority at the maximum overlap) or `review` (a peer reviewer disagreed). */
export type AdjudicationReason = "split" | "review";

/** An item waiting in (or resolved from) the leads' adjudication queue. */
export interface AdjudicationRecord {
  id: number;
  campaignId: number;
  comparisonId: number;
  reason: AdjudicationReason;
  status: "pending" | "resolved";
}

const COLUMNS = 'id, campaign_id AS "campaignId", comparison_id AS "comparisonId", reason, status';

/** Sends an item to the leads' queue; an item already there (for any reason) stays as it is. */
export function queueAdjudication(db: Db, input: { campaignId: number; comparisonId: number; reason: AdjudicationReason; at: number }): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, number, AdjudicationReason, number]>(
      db,
      "INSERT INTO adjudications (campaign_id, comparison_id, reason, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (comparison_id) DO NOTHING",
    ).run(input.campaignId, input.comparisonId, input.reason, input.at);
  });
}

/** The oldest pending adjudication of a campaign with an id above `afterId`. */
export function nextPendingAdjudication(db: Db, campaignId: number, afterId: number): Promise<AdjudicationRecord | undefined> {
  return onConnection(db, () =>
    statement<[number, number], AdjudicationRecord>(
      db,
      `SELECT ${COLUMNS} FROM adjudications WHERE campaign_id = ? AND status = 'pending' AND id > ? ORDER BY id LIMIT 1`,
    ).get(campaignId, afterId),
  );
}

/** How many adjudications of a campaign are pending. */
export function countPendingAdjudications(db: Db, campaignId: number): Promise<number> {
  return onConnection(
    db,
    async () =>
      (await statement<[number], { n: number }>(db, "SELECT count(*) AS n FROM adjudications WHERE campaign_id = ? AND status = 'pending'").get(campaignId))!.n,
  );
}

/** The adjudication of an item, pending or resolved. */
export function findAdjudicationOfItem(db: Db, comparisonId: number): Promise<AdjudicationRecord | undefined> {
  return onConnection(db, () => statement<[number], AdjudicationRecord>(db, `SELECT ${COLUMNS} FROM adjudications WHERE comparison_id = ?`).get(comparisonId));
}

/** Records a lead's final answer and note on an adjudication. */
export function resolveAdjudicationRecord(db: Db, input: { id: number; finalChoice: Choice; note: string; resolvedBy: string; at: number }): Promise<void> {
  return onConnection(db, async () => {
    await statement<[Choice, string, string, number, number]>(
      db,
      "UPDATE adjudications SET status = 'resolved', final_choice = ?, note = ?, resolved_by = ?, resolved_at = ? WHERE id = ?",
    ).run(input.finalChoice, input.note, input.resolvedBy, input.at, input.id);
  });
}

/** A person's vote on an item as a lead sees it when adjudicating: without who cast it. */
export interface AnonymousVote {
  choice: Choice;
  rationale: string | null;
  confidence: number | null;
  difficulty: string | null;
}

/** Every person's vote on an item, oldest first (the AI judge's verdicts left out). */
export function anonymousVotesOnItem(db: Db, comparisonId: number): Promise<AnonymousVote[]> {
  return onConnection(db, () =>
    statement<[number], AnonymousVote>(
      db,
      `SELECT choice, rationale, confidence, difficulty FROM judgments WHERE comparison_id = ? AND ${humanJudgment()} ORDER BY id`,
    ).all(comparisonId),
  );
}
