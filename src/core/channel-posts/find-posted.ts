import type { ChannelPostRow } from "../../services/channel-posts/post-records.js";
import type { ChatPlatform, MessageRef, PostedMessage } from "../platform.js";
import { LOOK_BACK_MS, postIdOf } from "./marker.js";

/** The oldest recorded intent among `posts`, less the look-back margin: where a listing must start. */
export function lookBackFrom(posts: readonly ChannelPostRow[]): Date {
  return new Date(Math.min(...posts.map((p) => p.createdAt.getTime())) - LOOK_BACK_MS);
}

/** The message in `messages` that is `post` (its buttons carry the post id), if any. */
export function matchPost(messages: readonly PostedMessage[], post: ChannelPostRow): MessageRef | undefined {
  return messages.find((m) => m.message.channelId === post.channelId && postIdOf(m) === post.id)?.message;
}

/** Looks for one post among the bot's recent messages in its channel (the platform must list them). */
export async function findPostedMessage(platform: ChatPlatform, post: ChannelPostRow): Promise<MessageRef | undefined> {
  if (!platform.recentOwnMessages) throw new Error(`${platform.name} cannot list its messages`);
  const messages = await platform.recentOwnMessages({ platform: platform.name, channelId: post.channelId }, lookBackFrom([post]));
  return matchPost(messages, post);
}
