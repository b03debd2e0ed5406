import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/**
 * Takes the gold check owed to this person in this campaign, if one is scheduled: true (and the
 * debt is cleared) when one was owed. Runs on every `next`, as one index probe.
 */
export function takeGoldDue(db: Db, campaignId: number, annotatorId: number): Promise<boolean> {
  return onConnection(
    db,
    async () => (await statement<[number, number]>(db, "DELETE FROM gold_due WHERE campaign_id = ? AND annotator_id = ?").run(campaignId, annotatorId)) > 0,
  );
}

/**
 * Makes a gold check owed, since `dueSince`, by everyone who voted on the platform in a campaign
 * from `activeSince` on. Someone who already owes one keeps the earlier debt.
 */
export function oweGoldChecks(db: Db, input: { campaignId: number; dueSince: number; activeSince: number }): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, number, number, number]>(
      db,
      `INSERT INTO gold_due (campaign_id, annotator_id, due_since)
         SELECT DISTINCT CAST(? AS BIGINT), annotator_id, CAST(? AS BIGINT) FROM judgments WHERE campaign_id = ? AND source = 'platform' AND created_at >= ?
         ON CONFLICT DO NOTHING`,
    ).run(input.campaignId, input.dueSince, input.campaignId, input.activeSince);
  });
}
