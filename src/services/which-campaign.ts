import { PairwiseError } from "../errors.js";
import { listBakeoffs } from "../storage/repos/bakeoffs.repo.js";
import { campaignsInChannel, findCampaignById, listCampaignRows } from "../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "./context.js";

/**
 * Which campaign a `next` (or `guidelines`) without a name means: the one named, else the one a
 * button carries (by id), else the active campaign of the channel the command was run in, else the
 * only active campaign. Otherwise the person is asked to choose. A bake-off's campaign is never
 * guessed: its pairs are voted on only through its own posts, so `next` would find nothing there.
 */
export async function whichCampaign(
  ctx: ServiceContext,
  input: { named?: string | undefined; campaignId?: number | undefined; channel?: { platform: string; channelId: string } | undefined },
): Promise<string> {
  if (input.named) return input.named;
  if (input.campaignId) {
    const byId = await findCampaignById(ctx.db, input.campaignId);
    if (byId) return byId.name;
  }
  const bakeoffs = new Set((await listBakeoffs(ctx.db)).map((b) => b.campaignId));
  const labeling = (c: { id: number; status: string }) => c.status === "active" && !bakeoffs.has(c.id);
  if (input.channel) {
    const here = (await campaignsInChannel(ctx.db, input.channel.platform, input.channel.channelId)).filter(labeling);
    if (here.length === 1) return here[0]!.name;
  }
  const active = (await listCampaignRows(ctx.db)).filter(labeling);
  if (active.length === 1) return active[0]!.name;
  if (active.length === 0) {
    const running = (await listCampaignRows(ctx.db)).filter((c) => c.status === "active" && bakeoffs.has(c.id));
    if (running.length > 0)
      throw new PairwiseError(
        "NO_WORK",
        `No campaign is open for labeling right now. The bake-off ${running.map((c) => `"${c.name}"`).join(", ")} takes votes on its pairs in the channel, not through \`next\`.`,
      );
    throw new PairwiseError("NO_WORK", "No campaign is open for labeling right now. A lead opens one with `/pairwise open <campaign>`.");
  }
  throw new PairwiseError("VALIDATION", `Several campaigns are open: ${active.map((c) => c.name).join(", ")}. Say which: \`/pairwise next <campaign>\`.`);
}
