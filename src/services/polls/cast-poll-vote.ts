import { PairwiseError } from "../../errors.js";
import type { ServiceContext } from "../context.js";
import { withTransaction } from "../context.js";
import {
  addAnonymousVoter,
  addToTally,
  deletePollVote,
  deleteVotesOf,
  findPoll,
  insertPollVote,
  optionsOfVoter,
  type PollRecord,
} from "../../storage/repos/polls.repo.js";
import { anonymousVoterHash } from "./anonymous-voter.js";

export interface PollVoteResult {
  poll: PollRecord;
  /** What this person now has on record (for anonymous polls: what they just cast). */
  mine: number[];
  change: "added" | "removed" | "moved" | "unchanged";
}

/**
 * A vote on a poll. Single-choice polls keep one vote a person, changeable until the close; with
 * `multi` a click toggles an option. Anonymous polls store only a keyed hash of the voter (to
 * refuse a second vote) and a tally per option, never who chose what — so an anonymous vote is
 * final: nothing links it back to the person to change it. The hashes and their key are deleted
 * at the close (closePoll), so afterwards the database does not even say who voted.
 */
export async function castPollVote(ctx: ServiceContext, input: { pollId: number; userId: string; option: number }): Promise<PollVoteResult> {
  const now = ctx.clock.now().getTime();
  return await withTransaction(ctx, async () => {
    const poll = await findPoll(ctx.db, input.pollId);
    if (!poll) throw new PairwiseError("NOT_FOUND", "This poll no longer exists.");
    if (poll.status === "closed" || now >= poll.closesAt) throw new PairwiseError("CONFLICT", "This poll is closed; the results are on the message.");
    if (!Number.isInteger(input.option) || input.option < 0 || input.option >= poll.options.length)
      throw new PairwiseError("VALIDATION", "That option is not part of this poll.");
    if (poll.anonymous) {
      if (!(await addAnonymousVoter(ctx.db, poll.id, anonymousVoterHash(poll.salt!, input.userId))))
        throw new PairwiseError(
          "ALREADY_RECORDED",
          "You already voted in this anonymous poll. Anonymous votes are final: the bot keeps no link from you to your choice, so it cannot change it.",
        );
      await addToTally(ctx.db, poll.id, input.option);
      return { poll, mine: [input.option], change: "added" };
    }
    const current = await optionsOfVoter(ctx.db, poll.id, input.userId);
    const has = current.includes(input.option);
    const vote = { pollId: poll.id, voterUserId: input.userId, option: input.option, createdAt: now };
    if (poll.multi) {
      if (has) await deletePollVote(ctx.db, poll.id, input.userId, input.option);
      else await insertPollVote(ctx.db, vote);
      return { poll, mine: has ? current.filter((o) => o !== input.option) : [...current, input.option].sort(), change: has ? "removed" : "added" };
    }
    if (has) return { poll, mine: current, change: "unchanged" };
    await deleteVotesOf(ctx.db, poll.id, input.userId);
    await insertPollVote(ctx.db, vote);
    return { poll, mine: [input.option], change: current.length > 0 ? "moved" : "added" };
  });
}
