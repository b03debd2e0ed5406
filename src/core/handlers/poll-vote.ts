import type { DispatchDeps } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import { pollCard } from "../cards/poll-card.js";
import { pollVoteNote } from "../cards/poll-notices.js";
import { PairwiseError } from "../../errors.js";
import { pollVoterId } from "../../domain/poll-voter.js";
import { castPollVote } from "../../services/polls/cast-poll-vote.js";
import { pollOfWorkspace, pollTally } from "../../services/polls/find-polls.js";

/** A vote button: the poll message updates (unless hidden) and the voter gets a private confirmation. */
export async function handlePollVote(deps: DispatchDeps, event: InboundEvent, pollId: number, option: number): Promise<Reply> {
  if (!(await pollOfWorkspace(deps.services, pollId, event.user))) throw new PairwiseError("NOT_FOUND", "This poll is not one of this workspace's.");
  const result = await castPollVote(deps.services, { pollId, userId: pollVoterId(event.user), option });
  const poll = result.poll;
  return { kind: "update", view: pollCard(poll, await pollTally(deps.services, poll), deps.timezone), privateNote: pollVoteNote(result, option) };
}
