import type { Choice } from "../../domain/choice.js";
import type { Db } from "../database.js";
import { idsIn } from "../id-list.js";
import { statement } from "../statement.js";
import { PUBLISHED_ONLY } from "./import-batches.repo.js";
import { onConnection } from "../transaction.js";

/*
 * Calibration items (comparisons of kind `calibration` with a reference answer) and the answers
 * people gave to them: what personal calibrations and calibration rounds hand out and score.
 * A set of items travels as a JSON array of ids, one parameter (storage/id-list.ts).
 */

/** An annotator's answers on the given items that have a reference, each with that reference. */
export function answersAgainstReference(db: Db, annotatorId: number, itemIds: readonly number[]): Promise<{ answer: Choice; reference: Choice }[]> {
  return onConnection(db, () =>
    statement<[number, string], { answer: Choice; reference: Choice }>(
      db,
      `SELECT j.choice AS answer, x.gold_answer AS reference FROM judgments j JOIN comparisons x ON x.id = j.comparison_id WHERE j.annotator_id = ? AND j.comparison_id IN (${idsIn(db, "?")}) AND x.gold_answer IS NOT NULL`,
    ).all(annotatorId, JSON.stringify(itemIds)),
  );
}

/**
 * The calibration items of a campaign an annotator answered from `since` on (epoch ms), newest
 * answer first; only among `onlyItems` when given.
 */
export function answeredCalibrationItems(
  db: Db,
  input: { annotatorId: number; campaignId: number; since: number; onlyItems?: readonly number[] | undefined },
): Promise<number[]> {
  return onConnection(db, async () => {
    const scope = input.onlyItems ? JSON.stringify(input.onlyItems) : null;
    const rows = await statement<[number, number, number, string | null, string | null], { id: number }>(
      db,
      `SELECT j.comparison_id AS id FROM judgments j JOIN comparisons x ON x.id = j.comparison_id WHERE j.annotator_id = ? AND x.campaign_id = ? AND x.kind = 'calibration' AND j.created_at >= ? AND (CAST(? AS TEXT) IS NULL OR x.id IN (${idsIn(db, "?")})) ORDER BY j.id DESC`,
    ).all(input.annotatorId, input.campaignId, input.since, scope, scope);
    return rows.map((r) => r.id);
  });
}

/** The id of an annotator's open calibration assignment in a campaign whose lease runs past `now`. */
export function openCalibrationAssignmentId(db: Db, input: { annotatorId: number; campaignId: number; now: number }): Promise<number | undefined> {
  return onConnection(
    db,
    async () =>
      (
        await statement<[number, number, number], { id: number }>(
          db,
          "SELECT a.id FROM assignments a JOIN comparisons x ON x.id = a.comparison_id WHERE a.annotator_id = ? AND a.campaign_id = ? AND a.status = 'open' AND a.kind = 'calibration' AND a.lease_ends_at > ? LIMIT 1",
        ).get(input.annotatorId, input.campaignId, input.now)
      )?.id,
  );
}

/**
 * The published calibration item of a campaign least handed out (newest first among equals) that
 * the annotator was never assigned; only among `onlyItems` when given.
 */
export function pickCalibrationItem(
  db: Db,
  input: { campaignId: number; annotatorId: number; onlyItems?: readonly number[] | undefined },
): Promise<number | undefined> {
  return onConnection(db, async () => {
    const scope = input.onlyItems ? JSON.stringify(input.onlyItems) : null;
    const row = await statement<[number, string | null, string | null, number], { id: number }>(
      db,
      `SELECT c.id FROM comparisons c WHERE c.campaign_id = ? AND c.kind = 'calibration' AND ${PUBLISHED_ONLY} AND (CAST(? AS TEXT) IS NULL OR c.id IN (${idsIn(db, "?")})) AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.annotator_id = ? AND a.comparison_id = c.id) ORDER BY c.active_count ASC, c.id DESC LIMIT 1`,
    ).get(input.campaignId, scope, scope, input.annotatorId);
    return row?.id;
  });
}

/** Up to `count` published calibration items of a campaign with a reference, least handed out first. */
export function leastUsedCalibrationItems(db: Db, campaignId: number, count: number): Promise<number[]> {
  return onConnection(db, async () =>
    (
      await statement<[number, number], { id: number }>(
        db,
        `SELECT c.id FROM comparisons c WHERE c.campaign_id = ? AND c.kind = 'calibration' AND c.gold_answer IS NOT NULL AND ${PUBLISHED_ONLY} ORDER BY c.active_count ASC, c.id LIMIT ?`,
      ).all(campaignId, count)
    ).map((r) => r.id),
  );
}
