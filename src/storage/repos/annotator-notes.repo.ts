import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/**
 * Records that a card made under guideline `version` was shown, and returns the version the
 * previous card showed (undefined for the first card of this campaign). One statement pair in
 * the caller's transaction; the row is per annotator and campaign.
 */
export function swapGuidelineVersionShown(db: Db, annotatorId: number, campaignId: number, version: number): Promise<number | undefined> {
  return onConnection(db, async () => {
    const before = await statement<[number, number], { v: number | null }>(
      db,
      "SELECT guideline_version_shown AS v FROM annotator_campaign_notes WHERE annotator_id = ? AND campaign_id = ?",
    ).get(annotatorId, campaignId);
    if (before?.v === version) return version;
    await statement<[number, number, number]>(
      db,
      `INSERT INTO annotator_campaign_notes (annotator_id, campaign_id, guideline_version_shown) VALUES (?, ?, ?)
     ON CONFLICT (annotator_id, campaign_id) DO UPDATE SET guideline_version_shown = excluded.guideline_version_shown`,
    ).run(annotatorId, campaignId, version);
    return before?.v ?? undefined;
  });
}

/**
 * Marks that the leads were told this annotator waits for them; returns false when they already
 * were (and nothing changed), so the notice goes out once per wait.
 */
export function markLeadsToldStuck(db: Db, annotatorId: number, campaignId: number, at: Date): Promise<boolean> {
  return onConnection(
    db,
    async () =>
      // The column is qualified in the update's WHERE: PostgreSQL would find it ambiguous beside `excluded`.
      (await statement<[number, number, number]>(
        db,
        `INSERT INTO annotator_campaign_notes (annotator_id, campaign_id, leads_told_stuck_at) VALUES (?, ?, ?)
       ON CONFLICT (annotator_id, campaign_id) DO UPDATE SET leads_told_stuck_at = excluded.leads_told_stuck_at
       WHERE annotator_campaign_notes.leads_told_stuck_at IS NULL`,
      ).run(annotatorId, campaignId, at.getTime())) > 0,
  );
}

/** Forgets that the leads were told (a lead requalified or reset the annotator). */
export function clearLeadsToldStuck(db: Db, annotatorId: number, campaignId: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, number]>(db, "UPDATE annotator_campaign_notes SET leads_told_stuck_at = NULL WHERE annotator_id = ? AND campaign_id = ?").run(
      annotatorId,
      campaignId,
    );
  });
}
