import { claimPost, failPost, findPost, recordPostMessage, type ChannelPostRow, type PostClaim } from "../../services/channel-posts/post-records.js";
import type { DispatchDeps } from "../dispatch-context.js";
import type { ChatPlatform, MessageRef } from "../platform.js";
import { sendOutcomeOf } from "../platform-errors.js";
import { postKey } from "./marker.js";
import { findPostedMessage } from "./find-posted.js";
import { channelPostView } from "./post-view.js";
import { DEFAULT_POST_RETRY, retryDelay, sleep } from "./retry-policy.js";

/**
 * How a post ended: sent now, found already on the platform (adopted), refused for good (`no_access`:
 * because the bot is not in the channel, which only a person can fix), still
 * unsettled after every attempt (left `posting` for the next start), or not ours to settle (no
 * longer `posting`, or being settled by another run: in this process, or another replica's).
 */
export type PublishResult = "posted" | "adopted" | "refused" | "no_access" | "pending" | "skipped";

/**
 * Publishes one channel post whose intent (`posting`) is recorded. It sends the card; when a send
 * fails with an unknown outcome (a 5xx, a timeout: it may have landed, its answer lost) it looks
 * for the post on the platform before sending again, and waits between attempts with backoff (at
 * least the platform's Retry-After). So a post is never sent twice: only after the platform says
 * it is not there. `lookFirst` starts with a look (the previous run may have sent it).
 *
 * Never throws: every failure ends in the row's status and a log line.
 */
export async function publishChannelPost(
  deps: DispatchDeps,
  platform: ChatPlatform,
  postId: number,
  options: { lookFirst?: boolean } = {},
): Promise<PublishResult> {
  let claim: PostClaim | undefined;
  try {
    // Held across processes for the whole settle (every retry and wait): a replica starting now skips it.
    claim = await claimPost(deps.services, postId);
    if (!claim) return "skipped";
    return await settle(deps, platform, postId, options.lookFirst ?? false, claim);
  } catch (error) {
    // Only the database can throw here (the platform's errors are handled in `settle`).
    deps.logger.error({ err: error, postId }, "channel post could not be settled");
    return "pending";
  } finally {
    await claim?.release();
  }
}

async function settle(deps: DispatchDeps, platform: ChatPlatform, postId: number, lookFirst: boolean, claim: PostClaim): Promise<PublishResult> {
  const policy = deps.postRetry ?? DEFAULT_POST_RETRY;
  let look = lookFirst;
  for (let attempt = 1; ; attempt++) {
    // A claim whose session ended may be another replica's now: leave the post to it (or to the next start).
    if (!(await claim.alive())) {
      deps.logger.warn({ postId, platform: platform.name }, "channel post claim lost (database connection ended); left for another replica");
      return "pending";
    }
    // Re-read every round: a vote on the landed message may have adopted it meanwhile.
    const post = await findPost(deps.services, postId);
    if (!post || post.status !== "posting") return "skipped";
    try {
      if (look) {
        if (!platform.recentOwnMessages) {
          // It may be out there and we cannot check: better missing than posted twice.
          await failPost(deps.services, post.id);
          deps.logger.error({ postId, platform: platform.name }, "channel post outcome unknown and the platform cannot be searched; not posted again");
          return "refused";
        }
        const found = await findPostedMessage(platform, post);
        if (found) return await adopt(deps, post, found);
      }
      return await send(deps, platform, post);
    } catch (error) {
      const { outcome, retryAfterMs, noAccess } = sendOutcomeOf(error);
      if (outcome === "refused") {
        await failPost(deps.services, post.id);
        if (noAccess) {
          deps.logger.warn({ postId, platform: platform.name, channel: post.channelId }, "channel post not sent: the bot is not in the channel");
          return "no_access";
        }
        deps.logger.error({ err: error, postId, platform: platform.name, channel: post.channelId }, "channel post refused by the platform");
        return "refused";
      }
      // A throttled send was not taken; any other failure may have landed: look before the next send.
      look = outcome !== "throttled";
      if (attempt >= policy.attempts) {
        deps.logger.error(
          { err: error, postId, platform: platform.name, attempts: attempt },
          "channel post still unsettled; it is looked for again at the next start",
        );
        return "pending";
      }
      const delayMs = retryDelay(policy, attempt, retryAfterMs);
      deps.logger.warn({ err: error, postId, platform: platform.name, attempt, outcome, delayMs }, "channel post failed; retrying");
      await sleep(delayMs);
    }
  }
}

async function send(deps: DispatchDeps, platform: ChatPlatform, post: ChannelPostRow): Promise<PublishResult> {
  const view = await channelPostView(deps.services, post);
  if (!view) {
    await failPost(deps.services, post.id);
    return "refused";
  }
  const to = { kind: "channel" as const, channel: { platform: platform.name, channelId: post.channelId } };
  const ref = await platform.postMessage(to, view, { idempotencyKey: postKey(post) });
  await recordPostMessage(deps.services, post.id, ref.messageId);
  return "posted";
}

async function adopt(deps: DispatchDeps, post: ChannelPostRow, message: MessageRef): Promise<PublishResult> {
  await recordPostMessage(deps.services, post.id, message.messageId);
  deps.logger.info({ postId: post.id, platform: message.platform, messageId: message.messageId }, "channel post found on the platform; adopted");
  return "adopted";
}
