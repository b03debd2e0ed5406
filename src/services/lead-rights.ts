import { mayLead as leadRule, parsePersonRef, type LeadCandidate, type PersonRef, type WorkspaceRef } from "../domain/lead-rights.js";
import { channelsOfCampaign, listCampaignRows, type CampaignRow } from "../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "./context.js";
import { campaignSettings } from "./find-campaign.js";

/** What lead power is asked over: one campaign, one poll (its workspace), or anything (help, the campaign list). */
export type LeadScope = { campaign: CampaignRow } | { poll: WorkspaceRef } | "any";

/** The workspace (Discord guild) a channel is in, as its platform says; undefined when unknown. */
export type ChannelWorkspace = (platform: string, channelId: string) => Promise<string | undefined>;

const campaignLeads = (campaign: CampaignRow): PersonRef[] => campaignSettings(campaign).leads.flatMap((ref) => parsePersonRef(ref) ?? []);

/**
 * The one answer to "may this person lead this campaign / this poll": every lead command, button
 * and form goes through it (via core/lead-access.ts); the rule itself is domain/lead-rights.ts.
 * The workspaces of a campaign's channels are looked up only for a platform admin, the only
 * person whose rights depend on them.
 */
export async function mayLead(
  ctx: ServiceContext,
  input: { who: LeadCandidate; globalLeads: readonly PersonRef[]; scope: LeadScope; channelWorkspace: ChannelWorkspace },
): Promise<boolean> {
  const { who, globalLeads, scope } = input;
  if (scope === "any") {
    const namedInSomeCampaign = (await listCampaignRows(ctx.db)).some((c) =>
      campaignLeads(c).some((p) => p.platform === who.platform && p.userId === who.userId),
    );
    return leadRule(who, globalLeads, { kind: "any", namedInSomeCampaign });
  }
  if ("poll" in scope) return leadRule(who, globalLeads, { kind: "poll", workspace: scope.poll });
  const workspaces: WorkspaceRef[] = [];
  if (who.platformAdmin) {
    for (const channel of (await channelsOfCampaign(ctx.db, scope.campaign.id)).filter((c) => c.platform === who.platform)) {
      const workspaceId = await input.channelWorkspace(channel.platform, channel.channelId);
      if (workspaceId) workspaces.push({ platform: channel.platform, workspaceId });
    }
  }
  return leadRule(who, globalLeads, { kind: "campaign", leads: campaignLeads(scope.campaign), workspaces });
}
