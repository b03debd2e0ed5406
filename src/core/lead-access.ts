import type { LeadScope } from "../services/lead-rights.js";
import { mayLead } from "../services/lead-rights.js";
import { requireCampaignLead as requireLead, type LeadAsker } from "../services/require-lead.js";
import type { CampaignRow } from "../services/campaign-lookup.js";
import type { DispatchDeps } from "./dispatch-context.js";
import type { InboundEvent } from "./events.js";
import type { PlatformName } from "./platform.js";

/**
 * The person behind an event, as the lead rule (services/lead-rights.ts) asks about them. The
 * running platforms say which workspace a channel is in.
 */
export function leadAsker(deps: DispatchDeps, event: InboundEvent): LeadAsker {
  return {
    who: { platform: event.user.platform, workspaceId: event.user.workspaceId, userId: event.user.userId, platformAdmin: event.platformAdmin === true },
    globalLeads: deps.leads,
    channelWorkspace: async (platform, channelId) => {
      const port = deps.platforms.get(platform as PlatformName);
      if (!port?.channelWorkspace) return undefined;
      return port.channelWorkspace({ platform: port.name, channelId }).catch((error: unknown) => {
        deps.logger.warn({ err: error, channel: channelId }, "channel workspace lookup failed");
        return undefined;
      });
    },
  };
}

/** Whether the person behind an event may lead what `scope` names, through the one rule. */
export function canLead(deps: DispatchDeps, event: InboundEvent, scope: LeadScope): Promise<boolean> {
  return mayLead(deps.services, { ...leadAsker(deps, event), scope });
}

/** Throws FORBIDDEN, saying who leads a campaign, unless the person behind the event leads it. */
export function requireCampaignLead(deps: DispatchDeps, event: InboundEvent, campaign: CampaignRow): Promise<void> {
  return requireLead(deps.services, leadAsker(deps, event), campaign);
}
