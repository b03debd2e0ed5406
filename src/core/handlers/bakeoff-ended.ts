import { bakeoffStanding } from "../../services/bakeoff/bakeoff-standing.js";
import { endedBakeoffOfPost, endedBakeoffsToTidy, markPairClosed, pairsStillOpen, type BakeoffPair } from "../../services/bakeoff/ended-bakeoff-pairs.js";
import { bakeoffOfCampaign, type NamedBakeoff } from "../../services/bakeoff/find-bakeoff.js";
import { PairwiseError } from "../../errors.js";
import { bakeoffBoardView, endedPairCard } from "../cards/bakeoff-cards.js";
import { afterReply, type DispatchDeps } from "../dispatch-context.js";
import type { Reply } from "../events.js";
import type { ChatPlatform, PlatformName } from "../platform.js";
import { notice } from "../views.js";
import { channelCardInput } from "../channel-posts/post-view.js";
import { sendOutcomeOf } from "../platform-errors.js";

/**
 * Takes a pair's buttons off and records it. A message the platform refuses for good (deleted, or
 * the bot is no longer in the channel) is recorded too: there is nothing left to edit.
 */
async function closePair(deps: DispatchDeps, platform: ChatPlatform, pair: BakeoffPair): Promise<void> {
  const card = await channelCardInput(deps.services, pair.post);
  try {
    // An item gone from the database leaves nothing to show: the message is only closed in the records.
    if (card)
      await platform.updateMessage({ platform: platform.name, channelId: pair.message.channelId, messageId: pair.message.messageId }, endedPairCard(card));
  } catch (error) {
    if (sendOutcomeOf(error).outcome !== "refused") throw error;
  }
  await markPairClosed(deps.services, pair.post.id);
}

/**
 * Once a bake-off has ended, its pairs that never got their vote lose their buttons: each is
 * edited to say the bake-off has ended. An edit that fails is logged and left: the minute sweep
 * tries again ({@link closeEndedBakeoffPairs}), and a late click on that message removes its
 * buttons then (see {@link lateBakeoffClick}).
 */
export async function closeOpenPairs(deps: DispatchDeps, platform: ChatPlatform, bakeoff: NamedBakeoff): Promise<void> {
  for (const pair of await pairsStillOpen(deps.services, bakeoff)) {
    if (pair.message.platform !== platform.name) continue;
    await closePair(deps, platform, pair).catch((error: unknown) =>
      deps.logger.warn({ err: error, bakeoff: bakeoff.name, postId: pair.post.id }, "could not take the buttons off an ended bake-off's pair"),
    );
  }
}

/**
 * A click on a pair of a bake-off that has ended (an old message, or one whose edit was missed):
 * a private answer saying so, and the message loses its buttons. Undefined when the post is not
 * an ended bake-off's, for the usual vote path.
 */
export async function lateBakeoffClick(deps: DispatchDeps, postId: number): Promise<Reply | undefined> {
  const ended = await endedBakeoffOfPost(deps.services, postId);
  if (!ended) return undefined;
  const { bakeoff, pair } = ended;
  const platform = pair && deps.platforms.get(pair.message.platform as PlatformName);
  if (pair && platform) afterReply(deps, "ended bake-off pair", () => closePair(deps, platform, pair));
  const outcome = bakeoff.outcome ? ` ${bakeoff.outcome}` : "";
  return {
    kind: "private",
    view: notice(`This bake-off has ended.${outcome} ${bakeoff.title ?? bakeoff.name} is closed; votes are not taken now.`, "info"),
  };
}

/** The Leaderboard button on a bake-off's announcement: where it stands, privately. */
export async function handleBakeoffBoard(deps: DispatchDeps, campaignId: number): Promise<Reply> {
  const bakeoff = await bakeoffOfCampaign(deps.services, campaignId);
  if (!bakeoff) throw new PairwiseError("NOT_FOUND", "This bake-off no longer exists.");
  const { board } = await bakeoffStanding(deps.services, bakeoff.name);
  return { kind: "private", view: bakeoffBoardView(bakeoff, board) };
}

/**
 * Due work: the ended bake-offs with a pair still showing buttons (an edit failed, or the bot
 * stopped between the end and the edits) get them taken off, on each platform that is running.
 */
export async function closeEndedBakeoffPairs(deps: DispatchDeps): Promise<void> {
  for (const bakeoff of await endedBakeoffsToTidy(deps.services)) for (const platform of deps.platforms.values()) await closeOpenPairs(deps, platform, bakeoff);
}
