import { parsePersonRef } from "../../domain/lead-rights.js";
import { campaignSettings } from "../../services/find-campaign.js";
import { campaignChannels, type CampaignRow } from "../../services/campaign-lookup.js";
import type { DispatchDeps } from "../dispatch-context.js";
import type { PlatformName } from "../platform.js";
import type { MessageView } from "../views.js";

/**
 * Posts a notice to every leads' channel of a campaign, written for the platform of each channel:
 * a person or a channel is a mention where it lives on that platform (core/mentions.ts), and
 * named with its platform elsewhere. With `direct`, a platform where the campaign has no leads'
 * channel gets it as a DM to each lead there (the campaign file's `leads`, then PAIRWISE_LEADS):
 * a notice about a person waiting for a lead must reach one.
 */
export async function notifyLeadsOn(
  deps: DispatchDeps,
  campaign: CampaignRow,
  viewFor: (platform: PlatformName) => MessageView,
  options: { direct?: boolean } = {},
): Promise<void> {
  const channels = await campaignChannels(deps.services, campaign.id, "leads");
  for (const platform of deps.platforms.values()) {
    const here = channels.filter((c) => c.platform === platform.name);
    for (const channel of here)
      await platform.postMessage({ kind: "channel", channel: { platform: platform.name, channelId: channel.channelId } }, viewFor(platform.name));
    if (here.length > 0 || !options.direct) continue;
    const people = [...campaignSettings(campaign).leads.flatMap((ref) => parsePersonRef(ref) ?? []), ...deps.leads].filter((p) => p.platform === platform.name);
    const ids = [...new Set(people.map((p) => p.userId))];
    if (ids.length === 0 && channels.length === 0)
      deps.logger.warn(
        { campaign: campaign.name, platform: platform.name },
        "a lead notice has nowhere to go: add leadsChannels or leads to the campaign file, or set PAIRWISE_LEADS",
      );
    for (const userId of ids) {
      await platform
        .postMessage({ kind: "direct", user: { platform: platform.name, workspaceId: "", userId } }, viewFor(platform.name))
        .catch((error: unknown) => deps.logger.error({ err: error, platform: platform.name }, "lead DM failed"));
    }
  }
}
