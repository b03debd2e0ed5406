import { channelsOfCampaign, findCampaignById, listCampaignRows, type CampaignRow, type ChannelRow } from "../storage/repos/campaigns.repo.js";
import { findComparison } from "../storage/repos/comparisons.repo.js";
import type { ServiceContext } from "./context.js";

/** A campaign as stored, for the core to route and render with; re-exported so the core needs no storage import. */
export type { CampaignRow };

/** Every campaign, by name. */
export function listCampaigns(ctx: ServiceContext): CampaignRow[] {
  return listCampaignRows(ctx.db);
}

/** A campaign by id, or undefined when it no longer exists (ids come from buttons and stored rows). */
export function findCampaign(ctx: ServiceContext, id: number): CampaignRow | undefined {
  return findCampaignById(ctx.db, id);
}

/** The channels a campaign posts in (`labeling`), tells its leads in (`leads`), or both. */
export function campaignChannels(ctx: ServiceContext, campaignId: number, purpose?: "labeling" | "leads"): ChannelRow[] {
  return channelsOfCampaign(ctx.db, campaignId, purpose);
}

/** The campaign an item belongs to; undefined when the item or its campaign is gone. */
export function campaignOfItem(ctx: ServiceContext, comparisonId: number): CampaignRow | undefined {
  const comparison = findComparison(ctx.db, comparisonId);
  return comparison && findCampaignById(ctx.db, comparison.campaignId);
}
