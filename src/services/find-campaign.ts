import { PairwiseError } from "../errors.js";
import { parseStoredSettings, type CampaignSettings } from "../domain/campaign-settings.js";
import { findCampaignById, requireCampaignNamed, type CampaignRow } from "../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "./context.js";

/** A campaign by name, or a NOT_FOUND error that lists the names that exist. */
export async function requireCampaign(ctx: ServiceContext, name: string): Promise<CampaignRow> {
  return await requireCampaignNamed(ctx.db, name);
}

export async function requireCampaignById(ctx: ServiceContext, id: number): Promise<CampaignRow> {
  const campaign = await findCampaignById(ctx.db, id);
  if (!campaign) throw new PairwiseError("NOT_FOUND", "That campaign no longer exists.");
  return campaign;
}

/** Parsed settings by their JSON text: the vote path asks on every call, and zod parsing is not free. */
const settingsCache = new Map<string, CampaignSettings>();
export function campaignSettings(campaign: CampaignRow): CampaignSettings {
  let settings = settingsCache.get(campaign.settings);
  if (!settings) {
    settings = parseStoredSettings(campaign.settings);
    if (settingsCache.size > 500) settingsCache.clear();
    settingsCache.set(campaign.settings, settings);
  }
  return settings;
}
