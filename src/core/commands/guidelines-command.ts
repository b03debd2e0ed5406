import { requireCampaign } from "../../services/find-campaign.js";
import type { Reply } from "../events.js";
import { handleGuidelines } from "../handlers/guidelines.js";
import { resolveCampaignName } from "../handlers/next.js";
import type { CommandSpec } from "./command-spec.js";

export const guidelinesCommand: CommandSpec = {
  name: "guidelines",
  lead: false,
  usage: "[campaign]",
  summary: "Read a campaign's current guidelines and rubric, privately.",
  details: "Without a campaign name: the campaign of this channel, or the only open one. Every comparison card has a Guidelines button too.",
  async run(deps, event): Promise<Reply> {
    const campaign = await requireCampaign(deps.services, await resolveCampaignName(deps, event, event.args[0]));
    return await handleGuidelines(deps, campaign.id);
  },
};
