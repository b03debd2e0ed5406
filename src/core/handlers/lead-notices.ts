import { channelsOfCampaign, type CampaignRow } from "../../storage/repos/campaigns.repo.js";
import type { DispatchDeps } from "../dispatch-context.js";
import type { PlatformName } from "../platform.js";
import type { MessageView } from "../views.js";

/**
 * Posts a notice to every leads' channel of a campaign, written for the platform of each channel:
 * a person or a channel is a mention where it lives on that platform (core/mentions.ts), and
 * named with its platform elsewhere.
 */
export async function notifyLeadsOn(deps: DispatchDeps, campaign: CampaignRow, viewFor: (platform: PlatformName) => MessageView): Promise<void> {
  for (const channel of channelsOfCampaign(deps.services.db, campaign.id, "leads")) {
    const platform = deps.platforms.get(channel.platform as PlatformName);
    if (platform) await platform.postMessage({ kind: "channel", channel: { platform: platform.name, channelId: channel.channelId } }, viewFor(platform.name));
  }
}
