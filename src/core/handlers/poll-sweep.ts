import type { DispatchDeps } from "../dispatch-context.js";
import type { PlatformName } from "../platform.js";
import { pollPostedNotice } from "../cards/poll-notices.js";
import { closePoll } from "../../services/polls/close-poll.js";
import { pollById, pollsDue, pollsLeftUnposted } from "../../services/polls/find-polls.js";
import { announceResults } from "./poll-close.js";
import { publishPoll, tellCreator } from "./poll-publish.js";

/** Due work for the minute sweep: closes polls whose time came (also those missed while the bot was down). */
export async function closeDuePolls(deps: DispatchDeps, now: Date): Promise<void> {
  for (const poll of await pollsDue(deps.services, now)) {
    const closed = await closePoll(deps.services, { pollId: poll.id });
    if (closed) await announceResults(deps, closed).catch((error: unknown) => deps.logger.error({ err: error, poll: poll.id }, "poll results failed"));
  }
  // Polls recorded but never posted (a crash in between): post them now, once.
  for (const id of await pollsLeftUnposted(deps.services, now)) {
    const poll = await pollById(deps.services, id);
    if (poll && deps.platforms.has(poll.platform as PlatformName)) {
      const outcome = await publishPoll(deps, poll).catch((error: unknown) => void deps.logger.error({ err: error, poll: poll.id }, "poll repost failed"));
      if (outcome === "no_access" || outcome === "refused") await tellCreator(deps, poll, pollPostedNotice(poll, outcome, deps.timezone));
    }
  }
}
