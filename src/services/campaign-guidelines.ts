import type { RubricDimension } from "../domain/campaign-settings.js";
import { latestGuidelineVersion } from "../storage/repos/campaigns.repo.js";
import { swapGuidelineVersionShown } from "../storage/repos/annotator-notes.repo.js";
import type { ServiceContext } from "./context.js";
import { campaignSettings, requireCampaignById } from "./find-campaign.js";

/** A campaign's guidelines as they stand now, with the rubric definitions annotators score against. */
export interface CampaignGuidelines {
  campaignId: number;
  campaignName: string;
  campaignTitle: string;
  /** Undefined when the campaign has no guidelines text. */
  version?: number;
  text?: string;
  rubric: RubricDimension[];
}

/** The current guidelines and rubric of a campaign, for the Guidelines button and command. */
export async function campaignGuidelines(ctx: ServiceContext, campaignId: number): Promise<CampaignGuidelines> {
  const campaign = await requireCampaignById(ctx, campaignId);
  const latest = await latestGuidelineVersion(ctx.db, campaign.id);
  return {
    campaignId: campaign.id,
    campaignName: campaign.name,
    campaignTitle: campaign.title ?? campaign.name,
    ...(latest ? { version: latest.version, text: latest.text } : {}),
    rubric: campaignSettings(campaign).rubric,
  };
}

/**
 * Notes that an annotator is being shown a card of this campaign under the current guidelines.
 * Returns the version they saw on their previous card when the guidelines changed since (so the
 * card says so, once), else undefined: nothing to announce, or the first card of the campaign.
 */
export async function noteGuidelinesShown(
  ctx: ServiceContext,
  input: { annotatorId: number; campaignId: number },
): Promise<{ changedFrom: number; version: number } | undefined> {
  const latest = await latestGuidelineVersion(ctx.db, input.campaignId);
  if (!latest) return undefined;
  const before = await swapGuidelineVersionShown(ctx.db, input.annotatorId, input.campaignId, latest.version);
  return before !== undefined && before < latest.version ? { changedFrom: before, version: latest.version } : undefined;
}
