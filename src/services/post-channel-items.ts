import { z } from "zod";
import { PairwiseError } from "../errors.js";
import { channelsOfCampaign } from "../storage/repos/campaigns.repo.js";
import { findComparison, type ComparisonRecord } from "../storage/repos/comparisons.repo.js";
import { insertChannelPost, itemsToPost, type ChannelPostRow } from "../storage/repos/channel-posts.repo.js";
import type { CampaignRow } from "../storage/repos/campaigns.repo.js";
import { requireCampaign } from "./find-campaign.js";
import { withTransaction, type ServiceContext } from "./context.js";

export const PostChannelItemsInput = z.object({
  campaign: z.string().min(1),
  count: z.number().int().min(1).max(20),
  /** Only these platforms (the one the lead ran the command on, when it has no channel of its own). */
  platforms: z.array(z.string()).optional(),
});

export interface PlannedPost {
  post: ChannelPostRow;
  comparison: ComparisonRecord;
}

/**
 * Plans channel posts: picks `count` open items not yet posted in the campaign's channels and
 * records each post as `posting` before anything is sent, so a retry or a restart can tell what
 * went out (and never posts an item twice in the same channel).
 */
export async function planChannelPosts(
  ctx: ServiceContext,
  input: z.input<typeof PostChannelItemsInput>,
): Promise<{ campaign: CampaignRow; posts: PlannedPost[] }> {
  const { campaign: name, count, platforms } = PostChannelItemsInput.parse(input);
  const now = ctx.clock.now();
  return await withTransaction(ctx, async () => {
    const campaign = await requireCampaign(ctx, name);
    if (campaign.status !== "active")
      throw new PairwiseError("CONFLICT", `Campaign "${campaign.name}" is ${campaign.status}. Open it first with \`/pairwise open ${campaign.name}\`.`);
    const channels = (await channelsOfCampaign(ctx.db, campaign.id, "labeling")).filter((c) => !platforms || platforms.includes(c.platform));
    if (channels.length === 0) {
      throw new PairwiseError(
        "CONFLICT",
        `Campaign "${campaign.name}" has no labeling channel${platforms ? ` on ${platforms.join("/")}` : ""}. Add one under \`channels:\` in the campaign file (for example ${platforms?.length === 1 && platforms[0] === "terminal" ? "terminal:local, the playground's channel" : "slack:C0123ABC"}) and run \`pairwise campaign update\`.`,
      );
    }
    const posts: PlannedPost[] = [];
    const ids = await itemsToPost(ctx.db, campaign.id, count);
    if (ids.length === 0) throw new PairwiseError("NO_WORK", `Every open item of "${campaign.name}" is already posted or complete.`);
    for (const comparisonId of ids) {
      // One display order per item across its channels, so the split reads the same everywhere.
      const order = ctx.random() < 0.5 ? "ab" : "ba";
      const comparison = (await findComparison(ctx.db, comparisonId))!;
      for (const channel of channels) {
        posts.push({
          comparison,
          post: await insertChannelPost(ctx.db, {
            campaignId: campaign.id,
            comparisonId,
            platform: channel.platform,
            channelId: channel.channelId,
            displayOrder: order,
            createdAt: now,
          }),
        });
      }
    }
    return { campaign, posts };
  });
}
