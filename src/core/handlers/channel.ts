import { screenChoiceLabel, toScreenChoice, type ScreenChoice } from "../../domain/choice.js";
import { channelVote } from "../../services/channel-vote.js";
import { planChannelPosts } from "../../services/post-channel-items.js";
import { adoptMessageVotedOn, findPost } from "../../services/channel-posts/post-records.js";
import { postContent } from "../../services/channel-posts/post-content.js";
import { PairwiseError } from "../../errors.js";
import type { TextPart } from "../action-ids.js";
import { channelCard } from "../cards/channel-card.js";
import { publishChannelPosts, type BatchOutcome } from "../channel-posts/publish-batch.js";
import { inviteHint } from "../platform-errors.js";
import { mentionChannel } from "../mentions.js";
import type { DispatchDeps } from "../dispatch-context.js";
import { afterReply, identityOf } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import type { PlatformName } from "../platform.js";
import { notice } from "../views.js";
import { advanceAfterVote } from "./bakeoff.js";
import { lateBakeoffClick } from "./bakeoff-ended.js";
import { fullTextReply } from "./full-text.js";

/**
 * `/pairwise post <campaign> [n]`: plans the posts (recorded before sending), answers at once,
 * then posts in the background, paced per platform.
 */
export async function handlePost(deps: DispatchDeps, event: InboundEvent, campaignName: string, count: number): Promise<Reply> {
  const running = [...deps.platforms.keys()];
  const { campaign, posts } = await planChannelPosts(deps.services, { campaign: campaignName, count, platforms: running });
  const title = campaign.title ?? campaign.name;
  afterReply(deps, "channel posts", async () => {
    const outcome = await publishChannelPosts(
      deps,
      posts.map((p) => p.post),
    );
    await tellAboutMissingAccess(deps, event, campaign.name, outcome.noAccess);
  });
  const items = new Set(posts.map((p) => p.comparison.id)).size;
  const channels = [...new Set(posts.map((p) => mentionChannel(p.post.channelId)))].join(", ");
  return { kind: "private", view: notice(`Posting ${items} item${items === 1 ? "" : "s"} of ${title} to ${channels}.`, "success") };
}

/**
 * The lead who asked for posts learns, in a DM, which channels the bot could not post in and how
 * to fix it: the refusal is final, so nothing is retried and nothing else would tell them.
 */
async function tellAboutMissingAccess(deps: DispatchDeps, event: InboundEvent, campaignName: string, noAccess: BatchOutcome["noAccess"]): Promise<void> {
  for (const { channel, posts } of noAccess) {
    const platform = deps.platforms.get(channel.platform);
    if (!platform) continue;
    const text = `${posts} post${posts === 1 ? "" : "s"} of ${campaignName} could not go to ${mentionChannel(channel.channelId)}: Pairwise is not a member of that channel. To fix it, ${inviteHint(channel.platform)}, then run \`/pairwise post ${campaignName}\` again.`;
    await platform
      .postMessage(
        { kind: "direct", user: event.user.platform === channel.platform ? event.user : { ...event.user, platform: channel.platform } },
        notice(text, "warning"),
      )
      .catch((error: unknown) => deps.logger.warn({ err: error, channel: channel.channelId }, "could not tell the lead about a channel the bot is not in"));
  }
}

/** A vote on a channel post: recorded privately confirmed, the shared message shows the new count (or the split). */
export async function handleChannelVote(deps: DispatchDeps, event: InboundEvent, postId: number, choice: ScreenChoice): Promise<Reply> {
  await adoptVotedMessage(deps, event, postId);
  const ended = await lateBakeoffClick(deps, postId);
  if (ended) return ended;
  const result = await channelVote(deps.services, { annotator: identityOf(event), postId, choice });
  const { campaign, comparison } = result;
  const title = campaign.title ?? campaign.name;
  const viewFor = (post: typeof result.post) =>
    channelCard({
      postId: post.id,
      campaignId: campaign.id,
      campaignTitle: title,
      prompt: comparison.prompt,
      responseA: comparison.responseA,
      responseB: comparison.responseB,
      displayOrder: post.displayOrder,
      votes: result.votes,
      overlap: comparison.targetOverlap,
      ...(result.revealed || result.post.status === "revealed" ? { revealed: result.counts } : {}),
    });
  // The same item may be posted elsewhere too (another channel, the other platform): keep them in step.
  const others = result.posts.filter((p) => p.id !== result.post.id && p.messageId);
  if (others.length > 0 && result.status === "recorded") {
    afterReply(deps, "channel post sync", async () => {
      for (const post of others) {
        const platform = deps.platforms.get(post.platform as PlatformName);
        if (platform) await platform.updateMessage({ platform: platform.name, channelId: post.channelId, messageId: post.messageId! }, viewFor(post));
      }
    });
  }
  // A bake-off's pair that got its vote: the next round (leaderboard, next pairs), off the vote path.
  if (result.revealed) afterReply(deps, "bake-off round", () => advanceAfterVote(deps, campaign.id));
  const label = screenChoiceLabel(toScreenChoice(result.choice, result.post.displayOrder));
  const note =
    result.status === "already_recorded"
      ? notice(`Already recorded: you voted ${label}. One vote each.`, "info")
      : notice(`Recorded your vote: ${label}.${result.revealed ? " That completed the item: the split is now shown." : ""}`, "success");
  return { kind: "update", view: viewFor(result.post), privateNote: note };
}

/**
 * A vote on a post still in `posting` comes from its message, so the message went out (its send's
 * answer is late or lost): record it now, before the vote, so a reveal reaches it and no
 * reconciliation posts the item again.
 */
async function adoptVotedMessage(deps: DispatchDeps, event: InboundEvent, postId: number): Promise<void> {
  const message = event.kind === "action" ? event.message : undefined;
  if (message && (await adoptMessageVotedOn(deps.services, postId, message)))
    deps.logger.info({ postId, messageId: message.messageId }, "channel post adopted from a vote on it");
}

export async function handleChannelFullText(deps: DispatchDeps, postId: number, part: TextPart): Promise<Reply> {
  const post = await findPost(deps.services, postId);
  const content = post && (await postContent(deps.services, post));
  if (!post || !content) throw new PairwiseError("NOT_FOUND", "This post no longer exists.");
  return fullTextReply(content.comparison, post.displayOrder, part, `post-${postId}`);
}
