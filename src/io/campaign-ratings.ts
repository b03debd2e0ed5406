import type { Db } from "../storage/database.js";
import { countRaters, regularChoicesByItem } from "../storage/repos/judgment-stats.repo.js";

/**
 * A campaign's regular human judgments as reliability data (the AI judge's are not a rater's), one row per item holding that item's
 * choices. Rows are ragged (who gave a value does not matter to Fleiss, Krippendorff, Gwet or
 * percent agreement), which keeps a million judgments by a thousand annotators small.
 */
export async function campaignRatings(db: Db, campaignId: number): Promise<{ raters: number; units: string[][] }> {
  const units: string[][] = [];
  let current = -1;
  for await (const r of regularChoicesByItem(db, campaignId)) {
    if (r.comparisonId !== current) {
      units.push([]);
      current = r.comparisonId;
    }
    units[units.length - 1]!.push(r.choice);
  }
  return { raters: await countRaters(db, campaignId), units };
}
