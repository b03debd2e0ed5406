import type { ChannelPostRow } from "../../services/channel-posts/post-records.js";
import type { DispatchDeps } from "../dispatch-context.js";
import type { ChannelRef, PlatformName } from "../platform.js";
import { failPost } from "../../services/channel-posts/post-records.js";
import { publishChannelPost } from "./publish.js";
import { sleep } from "./retry-policy.js";

/**
 * Publishes planned posts one at a time, paced per platform (Slack takes about one message a
 * second per channel). A post that keeps failing holds back the ones after it: when the platform
 * is failing, sending more would only fail too.
 */
export async function publishChannelPosts(deps: DispatchDeps, posts: readonly ChannelPostRow[]): Promise<BatchOutcome> {
  const last = new Map<PlatformName, number>();
  const noAccess = new Map<string, { channel: ChannelRef; posts: number }>();
  for (const post of posts) {
    const platform = deps.platforms.get(post.platform as PlatformName);
    if (!platform) continue;
    const key = `${post.platform}:${post.channelId}`;
    const closed = noAccess.get(key);
    if (closed) {
      // The bot is not in that channel: the rest would be refused the same way.
      if (await failPost(deps.services, post.id)) closed.posts++;
      continue;
    }
    // Paced between sends on one platform, not after the last one.
    const since = Date.now() - (last.get(platform.name) ?? Number.NEGATIVE_INFINITY);
    if (since < platform.capabilities.minPostIntervalMs) await sleep(platform.capabilities.minPostIntervalMs - since);
    const result = await publishChannelPost(deps, platform, post.id);
    last.set(platform.name, Date.now());
    if (result === "no_access") noAccess.set(key, { channel: { platform: platform.name, channelId: post.channelId }, posts: 1 });
  }
  return { noAccess: [...noAccess.values()] };
}

/** What a batch could not do that a person must fix: channels the bot is not in, with the posts not sent there. */
export interface BatchOutcome {
  noAccess: { channel: ChannelRef; posts: number }[];
}
