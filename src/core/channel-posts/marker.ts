import type { ChannelPostRow } from "../../services/channel-posts/post-records.js";
import { parseAction } from "../action-ids.js";
import type { PostedMessage } from "../platform.js";

/**
 * How the core recognises its channel posts on a platform. A channel card's buttons carry the
 * post id in their action ids (`channel_vote`, `channel_full_text`); both platforms keep those ids
 * with the message, people never see them, and the bot needs them anyway, so they are the marker.
 * (Slack message metadata has no Discord counterpart, and a Discord nonce is not returned when
 * messages are read back.)
 */
export function postIdOf(message: PostedMessage): number | undefined {
  for (const id of message.actionIds) {
    try {
      const action = parseAction(id);
      if (action.verb === "channel_vote" || action.verb === "channel_full_text") return action.postId;
    } catch {
      // Not one of ours (or an older format): not a marker.
    }
  }
  return undefined;
}

/** The send's idempotency key: unique per post and short enough for a Discord nonce (25). */
export function postKey(post: Pick<ChannelPostRow, "id" | "createdAt">): string {
  return `pw${post.id.toString(36)}-${post.createdAt.getTime().toString(36)}`;
}

/**
 * How far before a post's recorded intent to look for it: the intent is written before the send,
 * so the message is younger than the row, give or take the clock skew between us and the platform.
 */
export const LOOK_BACK_MS = 10 * 60_000;
