import { channelsOfCampaign, findCampaignById, listCampaignRows, type CampaignRow, type ChannelRow } from "../storage/repos/campaigns.repo.js";
import { findComparison } from "../storage/repos/comparisons.repo.js";
import type { ServiceContext } from "./context.js";

/** A campaign as stored, for the core to route and render with; re-exported so the core needs no storage import. */
export type { CampaignRow };

/** Every campaign, by name. */
export async function listCampaigns(ctx: ServiceContext): Promise<CampaignRow[]> {
  return await listCampaignRows(ctx.db);
}

/** A campaign by id, or undefined when it no longer exists (ids come from buttons and stored rows). */
export async function findCampaign(ctx: ServiceContext, id: number): Promise<CampaignRow | undefined> {
  return await findCampaignById(ctx.db, id);
}

/** The channels a campaign posts in (`labeling`), tells its leads in (`leads`), or both. */
export async function campaignChannels(ctx: ServiceContext, campaignId: number, purpose?: "labeling" | "leads"): Promise<ChannelRow[]> {
  return await channelsOfCampaign(ctx.db, campaignId, purpose);
}

/** The campaign an item belongs to; undefined when the item or its campaign is gone. */
export async function campaignOfItem(ctx: ServiceContext, comparisonId: number): Promise<CampaignRow | undefined> {
  const comparison = await findComparison(ctx.db, comparisonId);
  return comparison && (await findCampaignById(ctx.db, comparison.campaignId));
}
