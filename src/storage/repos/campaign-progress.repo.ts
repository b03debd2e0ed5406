import type { Db } from "../database.js";
import { prepared } from "../prepared.js";
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
  return onConnection(db, () => {
    return prepared<[number], CampaignProgressCounts>(
      db,
      `SELECT coalesce(sum(kind = 'regular'), 0) AS items,
            coalesce(sum(kind = 'regular' AND done_count >= target_overlap), 0) AS complete,
            coalesce(sum(kind = 'regular' AND done_count > 0 AND done_count < target_overlap), 0) AS partial,
            coalesce(sum(kind = 'regular' AND active_count = 0 AND done_count = 0), 0) AS untouched,
            coalesce(sum(CASE WHEN kind = 'regular' THEN done_count END), 0) AS judgments,
            coalesce(sum(kind <> 'regular'), 0) AS checkItems,
            coalesce(sum(CASE WHEN kind <> 'regular' THEN done_count END), 0) AS checkJudgments
     FROM comparisons WHERE campaign_id = ?`,
    ).get(campaignId)!;
  });
}
