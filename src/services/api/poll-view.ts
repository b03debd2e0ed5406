import { PairwiseError } from "../../errors.js";
import type { ServiceContext } from "../context.js";
import { findPoll, pollCounts, type PollRecord } from "../../storage/repos/polls.repo.js";

/** A poll as the pipeline API shows it. Counts of a hidden poll stay hidden until it closes, as in chat. */
export interface PollView {
  id: number;
  platform: string;
  channel_id: string;
  question: string;
  options: string[];
  status: PollRecord["status"];
  anonymous: boolean;
  hidden: boolean;
  multi: boolean;
  closes_at: string;
  voters: number;
  counts: number[] | null;
}

async function pollView(ctx: ServiceContext, poll: PollRecord): Promise<PollView> {
  const tally = await pollCounts(ctx.db, poll);
  return {
    id: poll.id,
    platform: poll.platform,
    channel_id: poll.channelId,
    question: poll.question,
    options: poll.options,
    status: poll.status,
    anonymous: poll.anonymous,
    hidden: poll.hidden,
    multi: poll.multi,
    closes_at: new Date(poll.closesAt).toISOString(),
    voters: tally.voters,
    counts: poll.hidden && poll.status !== "closed" ? null : tally.counts,
  };
}

/** A poll's view for the API; NOT_FOUND when there is no such poll. */
export async function requirePoll(deps: { services: ServiceContext }, id: number): Promise<PollView> {
  const poll = await findPoll(deps.services.db, id);
  if (!poll) throw new PairwiseError("NOT_FOUND", `No poll ${id}.`);
  return await pollView(deps.services, poll);
}
