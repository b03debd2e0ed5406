import type { Db } from "../storage/database.js";
import { humanJudgment } from "../storage/human-judgments.js";

/**
 * A campaign's regular human judgments as reliability data (the AI judge's are not a rater's), one row per item holding that item's
 * choices. Rows are ragged (who gave a value does not matter to Fleiss, Krippendorff, Gwet or
 * percent agreement), which keeps a million judgments by a thousand annotators small.
 */
export function campaignRatings(db: Db, campaignId: number): { raters: number; units: string[][] } {
  const rows = db.$client
    .prepare(
      `SELECT j.comparison_id AS item, j.choice FROM judgments j JOIN comparisons x ON x.id = j.comparison_id WHERE j.campaign_id = ? AND x.kind = 'regular' AND ${humanJudgment("j")} ORDER BY j.comparison_id`,
    )
    .iterate(campaignId) as IterableIterator<{ item: number; choice: string }>;
  const units: string[][] = [];
  let current = -1;
  for (const r of rows) {
    if (r.item !== current) {
      units.push([]);
      current = r.item;
    }
    units[units.length - 1]!.push(r.choice);
  }
  const raters = (
    db.$client.prepare(`SELECT count(DISTINCT annotator_id) AS n FROM judgments WHERE campaign_id = ? AND ${humanJudgment()}`).get(campaignId) as { n: number }
  ).n;
  return { raters, units };
}
