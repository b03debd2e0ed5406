import { listCampaignRows } from "../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "./context.js";

/** One suggestion for a campaign-name field: what the person sees, and the name it fills in. */
export interface CampaignChoice {
  name: string;
  value: string;
}

/** Platforms show at most 25 suggestions (Discord refuses more). */
const MAX_CHOICES = 25;
/** Discord's limit on a suggestion's label. */
const MAX_LABEL = 100;

/** Campaigns not closed whose name contains what was typed, lower-cased (names are matched as stored), for autocomplete. */
export async function campaignChoices(ctx: ServiceContext, typed: string): Promise<CampaignChoice[]> {
  const q = typed.toLowerCase();
  return (await listCampaignRows(ctx.db))
    .filter((c) => c.status !== "closed" && c.name.includes(q))
    .slice(0, MAX_CHOICES)
    .map((c) => ({ name: c.title ? `${c.name} · ${c.title}`.slice(0, MAX_LABEL) : c.name, value: c.name }));
}
