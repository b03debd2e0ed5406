import type { Db } from "../database.js";
import { prepared } from "../prepared.js";

/**
 * Whether an annotator already had a judgment flagged `kind` in a campaign between `since` and
 * `before` (flags recorded earlier, not the ones just written at `before`).
 */
export function hadFlagBetween(db: Db, input: { annotatorId: number; campaignId: number; kind: string; since: number; before: number }): boolean {
  return (
    prepared(
      db,
      `SELECT 1 FROM judgments j JOIN judgment_flags f ON f.judgment_id = j.id AND f.kind = @kind
       WHERE j.annotator_id = @annotatorId AND j.campaign_id = @campaignId AND f.created_at >= @since AND f.created_at < @before LIMIT 1`,
    ).get(input) !== undefined
  );
}
