import { adoptPostMessage, failPendingPost, findChannelPost, postsAwaitingPublish, type ChannelPostRow } from "../../storage/repos/channel-posts.repo.js";
import { tryClaim, type HeldClaim } from "../../storage/claims.js";
import type { ServiceContext } from "../context.js";

/** A channel post as recorded: its intent (`posting`) is written before the send, its message id after. */
export type { ChannelPostRow };

/** A post claimed for settling: checked before each send, released when settled. */
export type PostClaim = HeldClaim;

/** A channel post by id, or undefined when it is gone. */
export async function findPost(ctx: ServiceContext, postId: number): Promise<ChannelPostRow | undefined> {
  return await findChannelPost(ctx.db, postId);
}

/**
 * Claims a post for settling (sending it, or looking for it): one process at a time, across
 * replicas on PostgreSQL, and released by the database if this process dies. Undefined when
 * someone else settles it now.
 */
export async function claimPost(ctx: ServiceContext, postId: number): Promise<PostClaim | undefined> {
  return await tryClaim(ctx.db, "channelPost", postId);
}

/** The posts on a platform whose intent is recorded and whose message is not, oldest first: what a start must settle. */
export async function postsToSettle(ctx: ServiceContext, platform: string): Promise<ChannelPostRow[]> {
  return await postsAwaitingPublish(ctx.db, platform);
}

/**
 * Records the message a post went out as (sent now, or found on the platform); false when the post
 * was settled meanwhile, so each post is settled once.
 */
export async function recordPostMessage(ctx: ServiceContext, postId: number, messageId: string): Promise<boolean> {
  return await adoptPostMessage(ctx.db, postId, messageId);
}

/** Gives up on a post still in `posting` (refused, or its outcome cannot be checked); false when settled meanwhile. */
export async function failPost(ctx: ServiceContext, postId: number): Promise<boolean> {
  return await failPendingPost(ctx.db, postId);
}

/**
 * A vote on a post still in `posting` comes from its message, so the message went out (its send's
 * answer is late or lost): records that message, when it is in the post's channel. True when adopted.
 */
export async function adoptMessageVotedOn(
  ctx: ServiceContext,
  postId: number,
  message: { platform: string; channelId: string; messageId: string },
): Promise<boolean> {
  const post = await findChannelPost(ctx.db, postId);
  if (post?.status !== "posting" || message.platform !== post.platform || message.channelId !== post.channelId) return false;
  return await adoptPostMessage(ctx.db, postId, message.messageId);
}
