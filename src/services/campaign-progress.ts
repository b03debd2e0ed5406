import { campaignProgressCounts, type CampaignProgressCounts } from "../storage/repos/campaign-progress.repo.js";
import type { ServiceContext } from "./context.js";

/** A campaign's progress: its regular items by state, the judgments on them, and its gold and calibration checks apart. */
export interface CampaignProgress extends CampaignProgressCounts {
  /** Regular items someone holds or has judged that are not complete yet. */
  inProgress: number;
}

/**
 * How far a campaign is: the one reading of progress that the chat's campaign list, the CLI's
 * `campaign list` and `show`, the progress report and the daily digest all give.
 */
export async function campaignProgress(ctx: ServiceContext, campaignId: number): Promise<CampaignProgress> {
  const counts = await campaignProgressCounts(ctx.db, campaignId);
  return { ...counts, inProgress: counts.items - counts.complete - counts.untouched };
}
