import type { Db } from "../../storage/database.js";
import { findCampaignById } from "../../storage/repos/campaigns.repo.js";
import type { ChannelPostRow } from "../../storage/repos/channel-posts.repo.js";
import { findComparison } from "../../storage/repos/comparisons.repo.js";
import { channelCard } from "../cards/channel-card.js";
import type { MessageView } from "../views.js";

/** The card a channel post goes out with, from what is stored; undefined when its item or campaign is gone. */
export function channelPostView(db: Db, post: ChannelPostRow): MessageView | undefined {
  const comparison = findComparison(db, post.comparisonId);
  const campaign = findCampaignById(db, post.campaignId);
  if (!comparison || !campaign) return undefined;
  return channelCard({
    postId: post.id,
    campaignId: campaign.id,
    campaignTitle: campaign.title ?? campaign.name,
    prompt: comparison.prompt,
    responseA: comparison.responseA,
    responseB: comparison.responseB,
    displayOrder: post.displayOrder,
    votes: comparison.doneCount,
    overlap: comparison.targetOverlap,
  });
}
