import type { DispatchDeps } from "../core/dispatch-context.js";
import type { PlatformName } from "../core/platform.js";
import { PairwiseError } from "../errors.js";
import { pollCard } from "./poll-card.js";
import { validatePoll, type PollRequest } from "./poll-input.js";
import { findPoll, pollCounts, type PollRecord } from "./poll-repo.js";
import { createPoll, markPollPosted } from "./poll-service.js";

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

function pollView(deps: Pick<DispatchDeps, "services">, poll: PollRecord): PollView {
  const tally = pollCounts(deps.services.db, poll);
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

/**
 * Starts a poll from the API: checked as `/pairwise poll` checks it, recorded, then posted in the
 * channel by the running platform (the same card), and only then answered. A platform that is
 * not running is refused before anything is recorded.
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
  const poll = createPoll(deps.services, {
    request,
    platform: platform.name,
    workspaceId: input.workspaceId,
    channelId: input.channelId,
    creatorUserId: input.creator,
    timezone: deps.timezone,
  });
  const ref = await platform.postMessage(
    { kind: "channel", channel: { platform: platform.name, channelId: poll.channelId } },
    pollCard(poll, { counts: poll.options.map(() => 0), voters: 0 }),
  );
  markPollPosted(deps.services, poll.id, ref.messageId);
  return pollView(deps, findPoll(deps.services.db, poll.id)!);
}

export function requirePoll(deps: Pick<DispatchDeps, "services">, id: number): PollView {
  const poll = findPoll(deps.services.db, id);
  if (!poll) throw new PairwiseError("NOT_FOUND", `No poll ${id}.`);
  return pollView(deps, poll);
}
