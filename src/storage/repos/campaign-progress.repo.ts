import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/**
 * How far a campaign's items are, from their done counts. Regular items are the work; gold and
 * calibration items are checks, counted apart so that no figure mixes the two.
 */
export interface CampaignProgressCounts {
  /** Regular items. */
  items: number;
  /** Regular items with all the judgments their overlap asks for. */
  complete: number;
  /** Regular items with some judgments but not all. */
  partial: number;
  /** Regular items nobody has judged or holds. */
  untouched: number;
  /** Judgments on regular items. */
  judgments: number;
  /** Gold and calibration items, and the judgments on them. */
  checkItems: number;
  checkJudgments: number;
}

/** A campaign's progress counts, in one pass over its items. Zeros for a campaign with no items. */
export function campaignProgressCounts(db: Db, campaignId: number): Promise<CampaignProgressCounts> {
  // count(CASE … THEN 1 END), not sum(condition): a condition is a boolean on PostgreSQL, which sum() does not take.
  return onConnection(db, async () => {
    return (await statement<[number], CampaignProgressCounts>(
      db,
      `SELECT count(CASE WHEN kind = 'regular' THEN 1 END) AS items,
            count(CASE WHEN kind = 'regular' AND done_count >= target_overlap THEN 1 END) AS complete,
            count(CASE WHEN kind = 'regular' AND done_count > 0 AND done_count < target_overlap THEN 1 END) AS partial,
            count(CASE WHEN kind = 'regular' AND active_count = 0 AND done_count = 0 THEN 1 END) AS untouched,
            coalesce(sum(CASE WHEN kind = 'regular' THEN done_count END), 0) AS judgments,
            count(CASE WHEN kind <> 'regular' THEN 1 END) AS "checkItems",
            coalesce(sum(CASE WHEN kind <> 'regular' THEN done_count END), 0) AS "checkJudgments"
     FROM comparisons WHERE campaign_id = ?`,
    ).get(campaignId))!;
  });
}
