import type { ServiceContext } from "../context.js";
import { duePolls, findPoll, openPollsIn, pollCounts, unpostedPollIds, type PollRecord } from "../../storage/repos/polls.repo.js";
import { inPollWorkspace } from "./poll-access.js";

export type { PollRecord } from "../../storage/repos/polls.repo.js";

/** How long a poll may stay `posting` before the sweep takes it for one whose post was lost (a crash in between). */
const POSTING_GRACE_MS = 60_000;

export function pollById(ctx: ServiceContext, id: number): PollRecord | undefined {
  return findPoll(ctx.db, id);
}

/** The poll, if it belongs to this workspace; undefined otherwise, as if it did not exist. */
export function pollOfWorkspace(ctx: ServiceContext, id: number, who: { platform: string; workspaceId: string }): PollRecord | undefined {
  const poll = findPoll(ctx.db, id);
  return poll && inPollWorkspace(poll, who) ? poll : undefined;
}

export function openPollsInChannel(ctx: ServiceContext, platform: string, channelId: string): PollRecord[] {
  return openPollsIn(ctx.db, platform, channelId);
}

/** Votes per option and the number of people who voted. */
export function pollTally(ctx: ServiceContext, poll: PollRecord): { counts: number[]; voters: number } {
  return pollCounts(ctx.db, poll);
}

/** Open polls whose close time has come by `now` (those missed while the bot was down too). */
export function pollsDue(ctx: ServiceContext, now: Date): PollRecord[] {
  return duePolls(ctx.db, now.getTime());
}

/** Polls recorded but never posted (a crash between the record and the post), to post once now. */
export function pollsLeftUnposted(ctx: ServiceContext, now: Date): number[] {
  return unpostedPollIds(ctx.db, now.getTime() - POSTING_GRACE_MS);
}
