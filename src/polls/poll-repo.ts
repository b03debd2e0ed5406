import type { Db } from "../storage/database.js";
import { prepared } from "../storage/prepared.js";

export interface PollRecord {
  id: number;
  platform: string;
  workspaceId: string;
  channelId: string;
  messageId: string | null;
  creatorUserId: string;
  question: string;
  options: string[];
  anonymous: boolean;
  hidden: boolean;
  multi: boolean;
  closesAt: number;
  status: "posting" | "open" | "closed" | "failed";
  salt: string | null;
  closedAt: number | null;
}

const toPoll = (r: Record<string, unknown>): PollRecord => ({
  id: r.id as number,
  platform: r.platform as string,
  workspaceId: r.workspace_id as string,
  channelId: r.channel_id as string,
  messageId: (r.message_id as string | null) ?? null,
  creatorUserId: r.creator_user_id as string,
  question: r.question as string,
  options: JSON.parse(r.options as string) as string[],
  anonymous: r.anonymous === 1,
  hidden: r.hidden === 1,
  multi: r.multi === 1,
  closesAt: r.closes_at as number,
  status: r.status as PollRecord["status"],
  salt: (r.salt as string | null) ?? null,
  closedAt: (r.closed_at as number | null) ?? null,
});

export function findPoll(db: Db, id: number): PollRecord | undefined {
  const row = prepared(db, "SELECT * FROM polls WHERE id = ?").get(id) as Record<string, unknown> | undefined;
  return row ? toPoll(row) : undefined;
}

export function openPollsIn(db: Db, platform: string, channelId: string): PollRecord[] {
  return (
    prepared(db, "SELECT * FROM polls WHERE platform = ? AND channel_id = ? AND status = 'open' ORDER BY id").all(platform, channelId) as Record<
      string,
      unknown
    >[]
  ).map(toPoll);
}

/**
 * Forgets who voted in an anonymous poll, once it is closed: the voter hashes were there only to
 * refuse a second vote, and with the poll's secret they would let anyone holding the database
 * test whether a given person voted. Only the tallies stay.
 */
export function forgetAnonymousVoters(db: Db, pollId: number): void {
  prepared(db, "DELETE FROM poll_voters WHERE poll_id = ?").run(pollId);
  prepared(db, "UPDATE polls SET salt = NULL WHERE id = ? AND anonymous = 1").run(pollId);
}

export function duePolls(db: Db, now: number): PollRecord[] {
  return (prepared(db, "SELECT * FROM polls WHERE status = 'open' AND closes_at <= ? ORDER BY closes_at").all(now) as Record<string, unknown>[]).map(toPoll);
}

/** Votes per option and the number of people who voted. */
export function pollCounts(db: Db, poll: PollRecord): { counts: number[]; voters: number } {
  const counts = poll.options.map(() => 0);
  if (poll.anonymous) {
    for (const r of prepared(db, "SELECT option, count FROM poll_tallies WHERE poll_id = ?").all(poll.id) as { option: number; count: number }[])
      counts[r.option] = r.count;
    // One vote a person (an anonymous poll is never multi): the tallies count the voters too, after the close as well.
    return { counts, voters: counts.reduce((sum, n) => sum + n, 0) };
  }
  for (const r of prepared(db, "SELECT option, count(*) AS n FROM poll_votes WHERE poll_id = ? GROUP BY option").all(poll.id) as {
    option: number;
    n: number;
  }[])
    counts[r.option] = r.n;
  const voters = (prepared(db, "SELECT count(DISTINCT voter_user_id) AS n FROM poll_votes WHERE poll_id = ?").get(poll.id) as { n: number }).n;
  return { counts, voters };
}
