import type { ServiceContext } from "../context.js";
import { duePolls, findPoll, openPollsIn, pollCounts, unpostedPollIds, type PollRecord } from "../../storage/repos/polls.repo.js";
import { inPollWorkspace } from "./poll-access.js";

export type { PollRecord } from "../../storage/repos/polls.repo.js";

/** How long a poll may stay `posting` before the sweep takes it for one whose post was lost (a crash in between). */
const POSTING_GRACE_MS = 60_000;

export async function pollById(ctx: ServiceContext, id: number): Promise<PollRecord | undefined> {
  return await findPoll(ctx.db, id);
}

/** The poll, if it belongs to this workspace; undefined otherwise, as if it did not exist. */
export async function pollOfWorkspace(ctx: ServiceContext, id: number, who: { platform: string; workspaceId: string }): Promise<PollRecord | undefined> {
  const poll = await findPoll(ctx.db, id);
  return poll && inPollWorkspace(poll, who) ? poll : undefined;
}

export async function openPollsInChannel(ctx: ServiceContext, platform: string, channelId: string): Promise<PollRecord[]> {
  return await openPollsIn(ctx.db, platform, channelId);
}

/** Votes per option and the number of people who voted. */
export async function pollTally(ctx: ServiceContext, poll: PollRecord): Promise<{ counts: number[]; voters: number }> {
  return await pollCounts(ctx.db, poll);
}

/** Open polls whose close time has come by `now` (those missed while the bot was down too). */
export async function pollsDue(ctx: ServiceContext, now: Date): Promise<PollRecord[]> {
  return await duePolls(ctx.db, now.getTime());
}

/** Polls recorded but never posted (a crash between the record and the post), to post once now. */
export async function pollsLeftUnposted(ctx: ServiceContext, now: Date): Promise<number[]> {
  return await unpostedPollIds(ctx.db, now.getTime() - POSTING_GRACE_MS);
}
