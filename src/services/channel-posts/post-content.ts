import { findCampaignById, type CampaignRow } from "../../storage/repos/campaigns.repo.js";
import type { ChannelPostRow } from "../../storage/repos/channel-posts.repo.js";
import { findComparison, type ComparisonRecord } from "../../storage/repos/comparisons.repo.js";
import type { ServiceContext } from "../context.js";

/** What a channel post shows: its item and its campaign. */
export interface PostContent {
  campaign: CampaignRow;
  comparison: ComparisonRecord;
}

/** The item and campaign of a post, as stored now; undefined when either is gone. */
export async function postContent(ctx: ServiceContext, post: Pick<ChannelPostRow, "comparisonId" | "campaignId">): Promise<PostContent | undefined> {
  const comparison = await findComparison(ctx.db, post.comparisonId);
  const campaign = await findCampaignById(ctx.db, post.campaignId);
  return comparison && campaign ? { campaign, comparison } : undefined;
}
