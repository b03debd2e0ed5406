import type { DispatchDeps } from "../dispatch-context.js";
import type { PlatformName } from "../platform.js";
import { sendOutcomeOf } from "../platform-errors.js";
import type { MessageView } from "../views.js";
import { pollCard } from "../cards/poll-card.js";
import type { PollPostOutcome } from "../cards/poll-notices.js";
import type { PollRecord } from "../../services/polls/find-polls.js";
import { markPollFailed, markPollPosted } from "../../services/polls/poll-posting.js";

/**
 * Posts a recorded poll in its channel, then marks it open with the message id. A refusal is final
 * (the platform gives the same answer every time): the poll is marked `failed`, never retried,
 * and the outcome says why. Any other failure leaves it `posting` for the minute sweep.
 */
export async function publishPoll(deps: DispatchDeps, poll: PollRecord): Promise<PollPostOutcome> {
  const platform = deps.platforms.get(poll.platform as PlatformName);
  if (!platform) throw new Error(`platform ${poll.platform} is not running`);
  try {
    const ref = await platform.postMessage(
      { kind: "channel", channel: { platform: platform.name, channelId: poll.channelId } },
      pollCard(poll, { counts: poll.options.map(() => 0), voters: 0 }, deps.timezone),
    );
    await markPollPosted(deps.services, poll.id, ref.messageId);
    return "posted";
  } catch (error) {
    const { outcome, noAccess } = sendOutcomeOf(error);
    if (outcome !== "refused") throw error;
    await markPollFailed(deps.services, poll.id);
    deps.logger.warn(
      { err: error, poll: poll.id, platform: platform.name, channel: poll.channelId },
      noAccess ? "poll not posted: the bot is not in the channel" : "poll refused by the platform",
    );
    return noAccess ? "no_access" : "refused";
  }
}

/** A DM to a poll's creator (the interaction that made it is long gone). */
export async function tellCreator(deps: DispatchDeps, poll: PollRecord, view: MessageView): Promise<void> {
  const platform = deps.platforms.get(poll.platform as PlatformName);
  if (!platform) return;
  await platform
    .postMessage({ kind: "direct", user: { platform: platform.name, workspaceId: poll.workspaceId, userId: poll.creatorUserId } }, view)
    .catch((error: unknown) => deps.logger.warn({ err: error, poll: poll.id }, "could not tell the poll's creator"));
}
