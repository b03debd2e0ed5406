import type { DispatchDeps } from "../dispatch-context.js";
import type { PlatformName } from "../platform.js";
import { pollCard } from "../cards/poll-card.js";
import { PairwiseError } from "../../errors.js";
import { requirePoll, type PollView } from "../../services/api/poll-view.js";
import { createPoll } from "../../services/polls/create-poll.js";
import { markPollPosted } from "../../services/polls/poll-posting.js";
import { validatePoll, type PollRequest } from "../../services/polls/poll-request.js";

/**
 * Starts a poll from the API: checked as `/pairwise poll` checks it, recorded, then posted in the
 * channel by the running platform (the same card), and only then answered. A platform that is
 * not running is refused before anything is recorded. It lives in core because it posts through
 * the platform port; the API's view of a poll is services/api/poll-view.ts.
 */
export async function startApiPoll(
  deps: DispatchDeps,
  input: { platform: string; workspaceId: string; channelId: string; request: PollRequest; creator: string },
): Promise<PollView> {
  const platform = deps.platforms.get(input.platform as PlatformName);
  if (!platform) {
    const running = [...deps.platforms.keys()].join(", ") || "none";
    throw new PairwiseError(
      "CONFLICT",
      `field "platform": ${input.platform} is not running in this bot (running: ${running}), so the poll could not be posted.`,
      { location: { field: "platform" } },
    );
  }
  const request = validatePoll(input.request);
  const poll = await createPoll(deps.services, {
    request,
    platform: platform.name,
    workspaceId: input.workspaceId,
    channelId: input.channelId,
    creatorUserId: input.creator,
    timezone: deps.timezone,
  });
  const ref = await platform.postMessage(
    { kind: "channel", channel: { platform: platform.name, channelId: poll.channelId } },
    pollCard(poll, { counts: poll.options.map(() => 0), voters: 0 }, deps.timezone),
  );
  await markPollPosted(deps.services, poll.id, ref.messageId);
  return await requirePoll(deps, poll.id);
}
