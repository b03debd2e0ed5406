import { PairwiseError } from "../errors.js";
import type { CampaignRow } from "../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "./context.js";
import { requireCampaign } from "./find-campaign.js";
import { mayLead } from "./lead-rights.js";

/** Who asks, as `mayLead` needs it, without the scope: each check below asks over its own. */
export type LeadAsker = Omit<Parameters<typeof mayLead>[1], "scope">;

/** The refusal for someone who does not lead this campaign, saying who does. */
function notCampaignLead(campaign: CampaignRow): PairwiseError {
  return new PairwiseError(
    "FORBIDDEN",
    `You do not lead campaign "${campaign.name}". Its leads are the people in PAIRWISE_LEADS, the people its campaign file names under \`leads\`, and on Discord the members with Manage Server in the server its channels are in. Ask one of them, or an admin to add you.`,
  );
}

/** Throws FORBIDDEN, saying who leads a campaign, unless the person leads it. */
export async function requireCampaignLead(ctx: ServiceContext, asker: LeadAsker, campaign: CampaignRow): Promise<void> {
  if (!(await mayLead(ctx, { ...asker, scope: { campaign } }))) throw notCampaignLead(campaign);
}

/**
 * Lead commands ask the one lead rule before they run: over the campaign their first argument
 * names, or, for listings, whether the person leads anything. Someone who leads nothing learns
 * nothing about which campaigns exist.
 */
export async function requireCommandAccess(
  ctx: ServiceContext,
  asker: LeadAsker,
  command: { name: string; access: "campaign" | "listing"; campaignName: string | undefined },
): Promise<void> {
  const leadsAny = () => mayLead(ctx, { ...asker, scope: "any" });
  const forbidden = () =>
    new PairwiseError(
      "FORBIDDEN",
      `\`/pairwise ${command.name}\` is for campaign leads. Ask a lead, or ask an admin to add you to PAIRWISE_LEADS or to the campaign file's \`leads\`.`,
    );
  if (command.access === "listing" || !command.campaignName) {
    if (!(await leadsAny())) throw forbidden();
    return;
  }
  let campaign;
  try {
    campaign = await requireCampaign(ctx, command.campaignName);
  } catch (error) {
    if (!(await leadsAny())) throw forbidden();
    throw error;
  }
  if (await mayLead(ctx, { ...asker, scope: { campaign } })) return;
  throw (await leadsAny()) ? notCampaignLead(campaign) : forbidden();
}
