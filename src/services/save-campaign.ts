import { settingsOf, type CampaignFile } from "../domain/campaign-settings.js";
import { PairwiseError } from "../errors.js";
import {
  findCampaignByName,
  insertCampaign,
  insertGuidelineVersion,
  latestGuidelineVersion,
  replaceCampaignChannels,
  updateCampaign,
  type CampaignRow,
} from "../storage/repos/campaigns.repo.js";
import { withTransaction, type ServiceContext } from "./context.js";

export interface SaveCampaignResult {
  campaign: CampaignRow;
  created: boolean;
  /** The guideline version now in force, and whether this save made it. */
  guidelineVersion: number;
  newGuidelineVersion: boolean;
}

/**
 * Creates (`mode: "create"`) or updates (`mode: "update"`) a campaign from a validated campaign
 * file. A changed guidelines text becomes a new version; judgments keep the version they were made under.
 */
export async function saveCampaign(ctx: ServiceContext, input: { file: CampaignFile; mode: "create" | "update" }): Promise<SaveCampaignResult> {
  const { file, mode } = input;
  const now = ctx.clock.now();
  const settings = settingsOf(file);
  if (settings.maxOverlap < settings.overlap) {
    throw new PairwiseError("VALIDATION", `field "maxOverlap" (${settings.maxOverlap}) must be at least "overlap" (${settings.overlap})`, {
      location: { field: "maxOverlap" },
    });
  }
  const confident = settings.aiJudge?.confidentOverlap;
  if (confident !== undefined && confident > settings.overlap) {
    // The judge's confidence lowers the human overlap; it never raises it past the campaign's.
    throw new PairwiseError("VALIDATION", `field "aiJudge.confidentOverlap" (${confident}) must be at most "overlap" (${settings.overlap})`, {
      location: { field: "aiJudge.confidentOverlap" },
    });
  }
  return await withTransaction(ctx, async () => {
    const existing = await findCampaignByName(ctx.db, file.name);
    if (mode === "create" && existing) {
      throw new PairwiseError("CONFLICT", `Campaign "${file.name}" already exists. Use \`pairwise campaign update\` to change it.`);
    }
    if (mode === "update" && !existing) {
      throw new PairwiseError("NOT_FOUND", `Campaign "${file.name}" does not exist. Use \`pairwise campaign create\` first.`);
    }
    const values = {
      name: file.name,
      title: file.title ?? null,
      description: file.description ?? null,
      status: file.status,
      settings: JSON.stringify(settings),
      updatedAt: now,
    };
    const campaign = existing ? await updateCampaign(ctx.db, existing.id, values) : await insertCampaign(ctx.db, { ...values, createdAt: now });

    const channels = [
      ...file.channels.map((spec) => ({ spec, purpose: "labeling" as const })),
      ...file.leadsChannels.map((spec) => ({ spec, purpose: "leads" as const })),
    ].map(({ spec, purpose }) => {
      const [platform, channelId] = spec.split(":") as [string, string];
      return { platform, channelId, purpose };
    });
    await replaceCampaignChannels(ctx.db, campaign.id, channels);

    const latest = await latestGuidelineVersion(ctx.db, campaign.id);
    let version = latest?.version ?? 0;
    const changed = !latest || latest.text !== file.guidelines;
    if (changed) {
      version += 1;
      await insertGuidelineVersion(ctx.db, { campaignId: campaign.id, version, text: file.guidelines, createdAt: now });
    }
    return { campaign, created: !existing, guidelineVersion: version, newGuidelineVersion: changed };
  });
}
