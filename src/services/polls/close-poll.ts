import { PairwiseError } from "../../errors.js";
import type { ServiceContext } from "../context.js";
import { withTransaction } from "../context.js";
import { findPoll, forgetAnonymousVoters, pollCounts, setPollClosed, type PollRecord } from "../../storage/repos/polls.repo.js";
import { inPollWorkspace, mayClosePoll, type PollActor } from "./poll-access.js";

/** A poll just closed, with its final counts. */
export interface ClosedPoll {
  poll: PollRecord;
  counts: number[];
  voters: number;
}

/**
 * Closes a poll once (by its time, or by its creator or a lead of its workspace); returns undefined
 * if it was already closed. Closing an anonymous poll forgets who voted (forgetAnonymousVoters).
 */
export async function closePoll(ctx: ServiceContext, input: { pollId: number; by?: PollActor }): Promise<ClosedPoll | undefined> {
  const now = ctx.clock.now().getTime();
  return await withTransaction(ctx, async () => {
    const poll = await findPoll(ctx.db, input.pollId);
    const by = input.by;
    if (!poll || (by && !inPollWorkspace(poll, by))) throw new PairwiseError("NOT_FOUND", `There is no poll #${input.pollId} here.`);
    if (by && !mayClosePoll(poll, by))
      throw new PairwiseError("FORBIDDEN", "Only the person who created this poll, or a lead of this workspace, can close it.");
    if (poll.status === "closed") return undefined;
    await setPollClosed(ctx.db, poll.id, now);
    if (poll.anonymous) await forgetAnonymousVoters(ctx.db, poll.id);
    const { counts, voters } = await pollCounts(ctx.db, poll);
    return { poll: { ...poll, status: "closed", closedAt: now, salt: null }, counts, voters };
  });
}
