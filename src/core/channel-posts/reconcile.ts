import { postsToSettle, recordPostMessage, type ChannelPostRow } from "../../services/channel-posts/post-records.js";
import type { DispatchDeps } from "../dispatch-context.js";
import type { ChatPlatform, PostedMessage } from "../platform.js";
import { lookBackFrom, matchPost } from "./find-posted.js";
import { publishChannelPost, type PublishResult } from "./publish.js";
import { sleep } from "./retry-policy.js";

export type ReconcileSummary = Record<PublishResult, number>;

/**
 * Settles the channel posts a previous run left in `posting` on `platform`: a crash between the
 * send and recording its id, or before the send. Per channel it lists the bot's recent messages
 * once, adopts every post found there (marked `posted` with that message), and publishes the
 * others, which never went out. When the listing fails, each post is looked for again with
 * retries before anything is sent. Runs at start, once the platform is connected.
 */
export async function reconcileChannelPosts(deps: DispatchDeps, platform: ChatPlatform): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = { posted: 0, adopted: 0, refused: 0, no_access: 0, pending: 0, skipped: 0 };
  const pending = await postsToSettle(deps.services, platform.name);
  if (pending.length === 0) return summary;
  let sent = false;
  for (const [channelId, posts] of byChannel(pending)) {
    const messages = await listChannel(deps, platform, channelId, posts);
    for (const post of posts) {
      const found = messages && matchPost(messages, post);
      if (found) {
        summary[(await recordPostMessage(deps.services, post.id, found.messageId)) ? "adopted" : "skipped"]++;
        continue;
      }
      // Listed and absent: it never went out. Not listed: look again before sending. Sends are paced.
      if (sent && platform.capabilities.minPostIntervalMs > 0) await sleep(platform.capabilities.minPostIntervalMs);
      const result = await publishChannelPost(deps, platform, post.id, { lookFirst: messages === undefined });
      summary[result]++;
      sent ||= result === "posted";
    }
  }
  deps.logger.info({ platform: platform.name, ...summary }, "channel posts left in posting reconciled");
  return summary;
}

async function listChannel(deps: DispatchDeps, platform: ChatPlatform, channelId: string, posts: ChannelPostRow[]): Promise<PostedMessage[] | undefined> {
  if (!platform.recentOwnMessages) return undefined;
  try {
    return await platform.recentOwnMessages({ platform: platform.name, channelId }, lookBackFrom(posts));
  } catch (error) {
    deps.logger.warn({ err: error, platform: platform.name, channel: channelId }, "could not list the channel; each post is looked for with retries");
    return undefined;
  }
}

function byChannel(posts: ChannelPostRow[]): Map<string, ChannelPostRow[]> {
  const map = new Map<string, ChannelPostRow[]>();
  for (const post of posts) map.set(post.channelId, [...(map.get(post.channelId) ?? []), post]);
  return map;
}
