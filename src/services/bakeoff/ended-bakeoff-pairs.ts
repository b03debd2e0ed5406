import {
  endedBakeoffsWithOpenPosts,
  findBakeoffByCampaign,
  findBakeoffById,
  markBakeoffPostClosed,
  openBakeoffPosts,
  type NamedBakeoff,
  type OpenBakeoffPost,
} from "../../storage/repos/bakeoffs.repo.js";
import { findChannelPost } from "../../storage/repos/channel-posts.repo.js";
import type { ServiceContext } from "../context.js";

/** A posted pair of a bake-off still showing its vote buttons: its post and the message that shows it. */
export interface BakeoffPair {
  message: { platform: string; channelId: string; messageId: string };
  post: { id: number; campaignId: number; comparisonId: number; displayOrder: "ab" | "ba" };
}

const ENDED: readonly NamedBakeoff["status"][] = ["stable", "budget", "stopped"];

/** Whether a bake-off has ended (stable, out of votes, or stopped by a lead). */
const hasEnded = (bakeoff: Pick<NamedBakeoff, "status">): boolean => ENDED.includes(bakeoff.status);

const pairOf = (campaignId: number, post: OpenBakeoffPost): BakeoffPair => ({
  message: { platform: post.platform, channelId: post.channelId, messageId: post.messageId },
  post: { id: post.postId, campaignId, comparisonId: post.comparisonId, displayOrder: post.displayOrder },
});

/**
 * The bake-off's pairs still showing vote buttons (posted, never voted): when it ends they are
 * edited so the buttons go. Pairs that got their vote already show their result and no buttons.
 */
export async function pairsStillOpen(ctx: ServiceContext, bakeoff: Pick<NamedBakeoff, "campaignId">): Promise<BakeoffPair[]> {
  return (await openBakeoffPosts(ctx.db, bakeoff.campaignId)).map((post) => pairOf(bakeoff.campaignId, post));
}

/**
 * The ended bake-off a channel post belongs to, for a click that comes after the end: with the
 * pair itself when it still shows its buttons (its edit was missed), so the click can remove them.
 */
export async function endedBakeoffOfPost(ctx: ServiceContext, postId: number): Promise<{ bakeoff: NamedBakeoff; pair?: BakeoffPair } | undefined> {
  const post = await findChannelPost(ctx.db, postId);
  const bakeoff = post && (await findBakeoffByCampaign(ctx.db, post.campaignId));
  if (!post || !bakeoff || !hasEnded(bakeoff)) return undefined;
  const pair =
    post.status === "posted" && post.messageId
      ? pairOf(post.campaignId, {
          postId: post.id,
          platform: post.platform,
          channelId: post.channelId,
          messageId: post.messageId,
          comparisonId: post.comparisonId,
          displayOrder: post.displayOrder,
        })
      : undefined;
  return pair ? { bakeoff, pair } : { bakeoff };
}

/** Records that a pair's buttons are off (edited, or its message is gone), so nothing edits it again. */
export async function markPairClosed(ctx: ServiceContext, postId: number): Promise<void> {
  await markBakeoffPostClosed(ctx.db, postId);
}

/**
 * The ended bake-offs that still have a pair showing vote buttons: an edit failed, or the bot
 * stopped between the end and the edits. The minute sweep closes them.
 */
export async function endedBakeoffsToTidy(ctx: ServiceContext): Promise<NamedBakeoff[]> {
  const ended: NamedBakeoff[] = [];
  for (const id of await endedBakeoffsWithOpenPosts(ctx.db)) {
    const bakeoff = await findBakeoffById(ctx.db, id);
    if (bakeoff) ended.push(bakeoff);
  }
  return ended;
}
