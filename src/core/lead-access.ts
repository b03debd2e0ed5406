import { PairwiseError } from "../errors.js";
import { mayLead, type LeadScope } from "../services/lead-rights.js";
import type { CampaignRow } from "../storage/repos/campaigns.repo.js";
import type { DispatchDeps } from "./dispatch-context.js";
import type { InboundEvent } from "./events.js";
import type { PlatformName } from "./platform.js";

/**
 * Whether the person behind an event may lead what `scope` names, through the one rule
 * (services/lead-rights.ts). The running platforms say which workspace a channel is in.
 */
export function canLead(deps: DispatchDeps, event: InboundEvent, scope: LeadScope): Promise<boolean> {
  return mayLead(deps.services, {
    who: { platform: event.user.platform, workspaceId: event.user.workspaceId, userId: event.user.userId, platformAdmin: event.platformAdmin === true },
    globalLeads: deps.leads,
    scope,
    channelWorkspace: async (platform, channelId) => {
      const port = deps.platforms.get(platform as PlatformName);
      if (!port?.channelWorkspace) return undefined;
      return port.channelWorkspace({ platform: port.name, channelId }).catch((error: unknown) => {
        deps.logger.warn({ err: error, channel: channelId }, "channel workspace lookup failed");
        return undefined;
      });
    },
  });
}

/** The refusal for someone who does not lead this campaign, saying who does. */
export function notCampaignLead(campaign: CampaignRow): PairwiseError {
  return new PairwiseError(
    "FORBIDDEN",
    `You do not lead campaign "${campaign.name}". Its leads are the people in PAIRWISE_LEADS, the people its campaign file names under \`leads\`, and on Discord the members with Manage Server in the server its channels are in. Ask one of them, or an admin to add you.`,
  );
}

/** Throws FORBIDDEN, saying who leads a campaign, unless the person leads it. */
export async function requireCampaignLead(deps: DispatchDeps, event: InboundEvent, campaign: CampaignRow): Promise<void> {
  if (!(await canLead(deps, event, { campaign }))) throw notCampaignLead(campaign);
}
