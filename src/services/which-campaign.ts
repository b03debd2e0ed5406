import { PairwiseError } from "../errors.js";
import { campaignsInChannel, findCampaignById, listCampaignRows } from "../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "./context.js";

/**
 * Which campaign a `next` (or `guidelines`) without a name means: the one named, else the one a
 * button carries (by id), else the active campaign of the channel the command was run in, else the
 * only active campaign. Otherwise the person is asked to choose.
 */
export function whichCampaign(
  ctx: ServiceContext,
  input: { named?: string | undefined; campaignId?: number | undefined; channel?: { platform: string; channelId: string } | undefined },
): string {
  if (input.named) return input.named;
  if (input.campaignId) {
    const byId = findCampaignById(ctx.db, input.campaignId);
    if (byId) return byId.name;
  }
  if (input.channel) {
    const here = campaignsInChannel(ctx.db, input.channel.platform, input.channel.channelId).filter((c) => c.status === "active");
    if (here.length === 1) return here[0]!.name;
  }
  const active = listCampaignRows(ctx.db).filter((c) => c.status === "active");
  if (active.length === 1) return active[0]!.name;
  if (active.length === 0) throw new PairwiseError("NO_WORK", "No campaign is open for labeling right now. A lead opens one with `/pairwise open <campaign>`.");
  throw new PairwiseError("VALIDATION", `Several campaigns are open: ${active.map((c) => c.name).join(", ")}. Say which: \`/pairwise next <campaign>\`.`);
}
