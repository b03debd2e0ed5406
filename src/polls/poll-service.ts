import { createHmac, randomBytes } from "node:crypto";
import { PairwiseError } from "../errors.js";
import type { ServiceContext } from "../services/context.js";
import { withTransaction } from "../services/context.js";
import { prepared } from "../storage/prepared.js";
import { parseCloseTime } from "./close-time.js";
import { findPoll, forgetAnonymousVoters, pollCounts, type PollRecord } from "./poll-repo.js";
import type { PollRequest } from "./poll-input.js";

/**
 * Records a poll before it is posted (status `posting`), so a crash between the two leaves a
 * poll the bot knows was never shown rather than a post it does not know about.
 */
export function createPoll(
  ctx: ServiceContext,
  input: { request: PollRequest; platform: string; workspaceId: string; channelId: string; creatorUserId: string; timezone: string },
): PollRecord {
  const now = ctx.clock.now();
  const closesAt = parseCloseTime(input.request.close, now, input.timezone);
  const r = input.request;
  const row = prepared(
    ctx.db,
    `INSERT INTO polls (platform, workspace_id, channel_id, creator_user_id, question, options, anonymous, hidden, multi, closes_at, status, salt, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'posting', ?, ?) RETURNING id`,
  ).get(
    input.platform,
    input.workspaceId,
    input.channelId,
    input.creatorUserId,
    r.question,
    JSON.stringify(r.options),
    r.anonymous ? 1 : 0,
    r.hidden ? 1 : 0,
    r.multi ? 1 : 0,
    closesAt.getTime(),
    r.anonymous ? randomBytes(24).toString("hex") : null,
    now.getTime(),
  ) as { id: number };
  return findPoll(ctx.db, row.id)!;
}

/** The platform refused the poll's post for good (the bot cannot post there): it is never sent again. */
export function markPollFailed(ctx: ServiceContext, pollId: number): void {
  prepared(ctx.db, "UPDATE polls SET status = 'failed' WHERE id = ? AND status = 'posting'").run(pollId);
}

export function markPollPosted(ctx: ServiceContext, pollId: number, messageId: string): void {
  prepared(ctx.db, "UPDATE polls SET message_id = ?, status = 'open' WHERE id = ? AND status = 'posting'").run(messageId, pollId);
}

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
export function castPollVote(ctx: ServiceContext, input: { pollId: number; userId: string; option: number }): PollVoteResult {
  const now = ctx.clock.now().getTime();
  return withTransaction(ctx, () => {
    const poll = findPoll(ctx.db, input.pollId);
    if (!poll) throw new PairwiseError("NOT_FOUND", "This poll no longer exists.");
    if (poll.status === "closed" || now >= poll.closesAt) throw new PairwiseError("CONFLICT", "This poll is closed; the results are on the message.");
    if (!Number.isInteger(input.option) || input.option < 0 || input.option >= poll.options.length)
      throw new PairwiseError("VALIDATION", "That option is not part of this poll.");
    if (poll.anonymous) {
      const hash = createHmac("sha256", poll.salt!).update(input.userId).digest("hex");
      const fresh = prepared(ctx.db, "INSERT INTO poll_voters (poll_id, voter_hash) VALUES (?, ?) ON CONFLICT DO NOTHING").run(poll.id, hash).changes > 0;
      if (!fresh)
        throw new PairwiseError(
          "ALREADY_RECORDED",
          "You already voted in this anonymous poll. Anonymous votes are final: the bot keeps no link from you to your choice, so it cannot change it.",
        );
      prepared(ctx.db, "INSERT INTO poll_tallies (poll_id, option, count) VALUES (?, ?, 1) ON CONFLICT (poll_id, option) DO UPDATE SET count = count + 1").run(
        poll.id,
        input.option,
      );
      return { poll, mine: [input.option], change: "added" };
    }
    const current = (
      prepared(ctx.db, "SELECT option FROM poll_votes WHERE poll_id = ? AND voter_user_id = ?").all(poll.id, input.userId) as { option: number }[]
    ).map((r) => r.option);
    const has = current.includes(input.option);
    if (poll.multi) {
      if (has) prepared(ctx.db, "DELETE FROM poll_votes WHERE poll_id = ? AND voter_user_id = ? AND option = ?").run(poll.id, input.userId, input.option);
      else
        prepared(ctx.db, "INSERT INTO poll_votes (poll_id, voter_user_id, option, created_at) VALUES (?, ?, ?, ?)").run(
          poll.id,
          input.userId,
          input.option,
          now,
        );
      return { poll, mine: has ? current.filter((o) => o !== input.option) : [...current, input.option].sort(), change: has ? "removed" : "added" };
    }
    if (has) return { poll, mine: current, change: "unchanged" };
    prepared(ctx.db, "DELETE FROM poll_votes WHERE poll_id = ? AND voter_user_id = ?").run(poll.id, input.userId);
    prepared(ctx.db, "INSERT INTO poll_votes (poll_id, voter_user_id, option, created_at) VALUES (?, ?, ?, ?)").run(poll.id, input.userId, input.option, now);
    return { poll, mine: [input.option], change: current.length > 0 ? "moved" : "added" };
  });
}

/** Who asks to close a poll: where they are, and whether they lead there (core/lead-access.ts). */
export interface PollActor {
  platform: string;
  workspaceId: string;
  userId: string;
  lead: boolean;
}

/** A poll belongs to the workspace (Slack team, Discord guild) it was posted in: nobody elsewhere sees or touches it. */
export function inPollWorkspace(poll: PollRecord, who: { platform: string; workspaceId: string }): boolean {
  return poll.platform === who.platform && poll.workspaceId === who.workspaceId;
}

/**
 * Closes a poll once (by its time, or by its creator or a lead of its workspace); returns undefined
 * if it was already closed.
 */
export function closePoll(ctx: ServiceContext, input: { pollId: number; by?: PollActor }): { poll: PollRecord; counts: number[]; voters: number } | undefined {
  const now = ctx.clock.now().getTime();
  return withTransaction(ctx, () => {
    const poll = findPoll(ctx.db, input.pollId);
    const by = input.by;
    if (!poll || (by && !inPollWorkspace(poll, by))) throw new PairwiseError("NOT_FOUND", `There is no poll #${input.pollId} here.`);
    if (by && poll.creatorUserId !== by.userId && !by.lead)
      throw new PairwiseError("FORBIDDEN", "Only the person who created this poll, or a lead of this workspace, can close it.");
    if (poll.status === "closed") return undefined;
    prepared(ctx.db, "UPDATE polls SET status = 'closed', closed_at = ? WHERE id = ?").run(now, poll.id);
    if (poll.anonymous) forgetAnonymousVoters(ctx.db, poll.id);
    const { counts, voters } = pollCounts(ctx.db, poll);
    return { poll: { ...poll, status: "closed", closedAt: now, salt: null }, counts, voters };
  });
}
