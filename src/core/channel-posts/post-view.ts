import type { ServiceContext } from "../../services/context.js";
import type { ChannelPostRow } from "../../services/channel-posts/post-records.js";
import { postContent } from "../../services/channel-posts/post-content.js";
import { channelCard, type ChannelCardInput } from "../cards/channel-card.js";
import type { MessageView } from "../views.js";

/** The card a channel post goes out with, from what is stored; undefined when its item or campaign is gone. */
export async function channelPostView(ctx: ServiceContext, post: ChannelPostRow): Promise<MessageView | undefined> {
  const input = await channelCardInput(ctx, post);
  return input && channelCard(input);
}

/** What a channel post's card shows, from what is stored now; undefined when its item or campaign is gone. */
export async function channelCardInput(
  ctx: ServiceContext,
  post: Pick<ChannelPostRow, "id" | "campaignId" | "comparisonId" | "displayOrder">,
): Promise<ChannelCardInput | undefined> {
  const content = await postContent(ctx, post);
  if (!content) return undefined;
  const { campaign, comparison } = content;
  return {
    postId: post.id,
    campaignId: campaign.id,
    campaignTitle: campaign.title ?? campaign.name,
    prompt: comparison.prompt,
    responseA: comparison.responseA,
    responseB: comparison.responseB,
    displayOrder: post.displayOrder,
    votes: comparison.doneCount,
    overlap: comparison.targetOverlap,
  };
}
