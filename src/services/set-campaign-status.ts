import type { CampaignStatus } from "../domain/campaign-settings.js";
import { PairwiseError } from "../errors.js";
import { updateCampaignStatus, type CampaignRow } from "../storage/repos/campaigns.repo.js";
import { requireCampaign } from "./find-campaign.js";
import type { ServiceContext } from "./context.js";

/** Opens, pauses or closes a campaign. A closed campaign stays closed. */
export async function setCampaignStatus(ctx: ServiceContext, input: { campaign: string; status: CampaignStatus }): Promise<CampaignRow> {
  const campaign = await requireCampaign(ctx, input.campaign);
  if (campaign.status === "closed" && input.status !== "closed") {
    throw new PairwiseError("CONFLICT", `Campaign "${campaign.name}" is closed; closed campaigns cannot be reopened. Create a new campaign instead.`);
  }
  return await updateCampaignStatus(ctx.db, campaign.id, input.status, ctx.clock.now());
}
