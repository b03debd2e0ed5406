import type { Choice, DisplayOrder } from "../../domain/choice.js";
import { isSqlite, type Db } from "../database.js";
import { humanJudgment } from "../human-judgments.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/*
 * The reads and writes of the quality checks that run after every vote (adaptive overlap, gold
 * accuracy, anomalies). They sit on the vote path: every one is a cached prepared statement.
 */

/**
 * An annotator's last 25 gold answers since their last calibration or requalification (the
 * annotator's `calibrated_at`, 0 before any), right or wrong: a fresh start is not undone by the
 * answers that led to it. Read through the partial index
 * judgments_gold_recent: 25 index entries whatever the annotator's history (joining every past
 * judgment to its comparison took 30 ms for an annotator with 100,000 of them).
 */
export const RECENT_GOLD_ANSWERS = `SELECT j.choice = x.gold_answer AS correct FROM judgments j JOIN comparisons x ON x.id = j.comparison_id
  WHERE j.annotator_id = ? AND j.campaign_id = ? AND j.kind = 'gold' AND j.updated_at > ? AND ${humanJudgment("j")} ORDER BY j.updated_at DESC, j.id DESC LIMIT 25`;

/** Whether each of an annotator's last 25 gold answers in a campaign given after `since` was right, newest first. */
export function recentGoldAnswers(db: Db, input: { annotatorId: number; campaignId: number; since: number }): Promise<boolean[]> {
  return onConnection(db, async () => {
    // 0/1 (or NULL) on SQLite, a boolean on PostgreSQL.
    const rows = await statement<[number, number, number], { correct: number | boolean | null }>(db, RECENT_GOLD_ANSWERS).all(
      input.annotatorId,
      input.campaignId,
      input.since,
    );
    return rows.map((r) => r.correct === 1 || r.correct === true);
  });
}

/** The overlap an item currently aims for (undefined when the item does not exist). */
function itemTargetOverlap(db: Db, comparisonId: number): Promise<number | undefined> {
  return onConnection(
    db,
    async () => (await statement<[number], { target: number }>(db, "SELECT target_overlap AS target FROM comparisons WHERE id = ?").get(comparisonId))?.target,
  );
}

/** One person's vote on an item, as the overlap rules read it. */
export interface ItemVote {
  choice: Choice;
  difficulty: string | null;
  confidence: number | null;
}

/** The people's votes on an item (the AI judge's verdicts left out). */
function humanVotesOnItem(db: Db, comparisonId: number): Promise<ItemVote[]> {
  return onConnection(db, () =>
    statement<[number], ItemVote>(db, `SELECT choice, difficulty, confidence FROM judgments WHERE comparison_id = ? AND ${humanJudgment()}`).all(comparisonId),
  );
}

/**
 * {@link itemTargetOverlap} and {@link humanVotesOnItem} together (undefined when the item is gone):
 * SQLite, the two reads; PostgreSQL, one (the item's row joined to its votes).
 */
export async function itemTargetAndVotes(db: Db, comparisonId: number): Promise<{ target: number; votes: ItemVote[] } | undefined> {
  if (isSqlite(db)) {
    const target = await itemTargetOverlap(db, comparisonId);
    return target === undefined ? undefined : { target, votes: await humanVotesOnItem(db, comparisonId) };
  }
  return onConnection(db, async () => {
    const rows = await statement<[number], { target: number; choice: ItemVote["choice"] | null; difficulty: string | null; confidence: number | null }>(
      db,
      `SELECT c.target_overlap AS target, j.choice, j.difficulty, j.confidence
       FROM comparisons c LEFT JOIN judgments j ON j.comparison_id = c.id AND ${humanJudgment("j")} WHERE c.id = ?`,
    ).all(comparisonId);
    if (rows.length === 0) return undefined;
    const votes = rows.filter((r) => r.choice !== null).map((r) => ({ choice: r.choice!, difficulty: r.difficulty, confidence: r.confidence }));
    return { target: rows[0]!.target, votes };
  });
}

/** Asks one more person for an item, unless its overlap is already `maxOverlap`. */
export function extendItemOverlap(db: Db, comparisonId: number, maxOverlap: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, number]>(db, 'UPDATE comparisons SET target_overlap = target_overlap + 1, "full" = FALSE WHERE id = ? AND target_overlap < ?').run(
      comparisonId,
      maxOverlap,
    );
  });
}

/** A judgment with what the anomaly checks need: its vote, the order shown, its time, and the length of what was read. */
export interface JudgmentToCheck {
  id: number;
  annotatorId: number;
  campaignId: number;
  choice: Choice;
  displayOrder: DisplayOrder | null;
  timeTakenMs: number | null;
  rationale: string | null;
  /** Characters of prompt and responses. */
  chars: number;
}

const JUDGMENT_TO_CHECK = (
  chars: string,
) => `SELECT j.id, j.annotator_id AS "annotatorId", j.campaign_id AS "campaignId", j.choice, j.display_order AS "displayOrder",
              j.time_taken_ms AS "timeTakenMs", j.rationale, ${chars} AS chars
       FROM judgments j JOIN comparisons x ON x.id = j.comparison_id WHERE j.id = ?`;
const MEASURING_TEXTS = JUDGMENT_TO_CHECK("length(x.prompt) + length(x.response_a) + length(x.response_b)");
// CAST: PostgreSQL cannot tell a parameter's type from a select list.
const GIVEN_LENGTH = JUDGMENT_TO_CHECK("CAST(? AS bigint)");

/**
 * A judgment to check for anomalies. Give `textChars` when the texts are in hand: measuring them
 * here would read every overflow page.
 */
export function judgmentToCheck(db: Db, judgmentId: number, textChars?: number): Promise<JudgmentToCheck | undefined> {
  return onConnection(db, () =>
    textChars === undefined
      ? statement<[number], JudgmentToCheck>(db, MEASURING_TEXTS).get(judgmentId)
      : statement<[number, number], JudgmentToCheck>(db, GIVEN_LENGTH).get(textChars, judgmentId),
  );
}

/** An annotator's last `limit` votes in a campaign that were shown in a known order, newest first. */
export function recentVotesWithOrder(
  db: Db,
  input: { annotatorId: number; campaignId: number; limit: number },
): Promise<{ choice: Choice; displayOrder: DisplayOrder }[]> {
  return onConnection(db, () =>
    statement<[number, number, number], { choice: Choice; displayOrder: DisplayOrder }>(
      db,
      'SELECT choice, display_order AS "displayOrder" FROM judgments WHERE annotator_id = ? AND campaign_id = ? AND display_order IS NOT NULL ORDER BY id DESC LIMIT ?',
    ).all(input.annotatorId, input.campaignId, input.limit),
  );
}
