import type { ChannelPostRow } from "../../storage/repos/channel-posts.repo.js";
import type { DispatchDeps } from "../dispatch-context.js";
import type { PlatformName } from "../platform.js";
import { publishChannelPost } from "./publish.js";
import { sleep } from "./retry-policy.js";

/**
 * Publishes planned posts one at a time, paced per platform (Slack takes about one message a
 * second per channel). A post that keeps failing holds back the ones after it: when the platform
 * is failing, sending more would only fail too.
 */
export async function publishChannelPosts(deps: DispatchDeps, posts: readonly ChannelPostRow[]): Promise<void> {
  const last = new Map<PlatformName, number>();
  for (const post of posts) {
    const platform = deps.platforms.get(post.platform as PlatformName);
    if (!platform) continue;
    // Paced between sends on one platform, not after the last one.
    const since = Date.now() - (last.get(platform.name) ?? Number.NEGATIVE_INFINITY);
    if (since < platform.capabilities.minPostIntervalMs) await sleep(platform.capabilities.minPostIntervalMs - since);
    await publishChannelPost(deps, platform, post.id);
    last.set(platform.name, Date.now());
  }
}
