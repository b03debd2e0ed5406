import type { Db } from "../database.js";
import { prepared } from "../prepared.js";

/**
 * Takes the gold check owed to this person in this campaign, if one is scheduled: true (and the
 * debt is cleared) when one was owed. Runs on every `next`, as one index probe.
 */
export function takeGoldDue(db: Db, campaignId: number, annotatorId: number): boolean {
  return prepared<[number, number]>(db, "DELETE FROM gold_due WHERE campaign_id = ? AND annotator_id = ?").run(campaignId, annotatorId).changes > 0;
}
