import type { Db } from "../database.js";
import { statement } from "../statement.js";
import type { polls } from "../schema/index.js";
import { onConnection } from "../transaction.js";

/** Where a poll stands: recorded and being posted, open, closed, or refused by the platform for good. */
type PollStatus = (typeof polls.$inferSelect)["status"];

/** A poll as the services and cards see it: options parsed, flags as booleans, times in epoch milliseconds. */
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
  status: PollStatus;
  salt: string | null;
  closedAt: number | null;
}

/** A `polls` row as the database returns it (`SELECT *`): flags 0/1 on SQLite, booleans on PostgreSQL. */
interface PollRow {
  id: number;
  platform: string;
  workspace_id: string;
  channel_id: string;
  message_id: string | null;
  creator_user_id: string;
  question: string;
  /** JSON array of option texts. */
  options: string;
  anonymous: number | boolean;
  hidden: number | boolean;
  multi: number | boolean;
  closes_at: number;
  status: PollStatus;
  salt: string | null;
  created_at: number;
  closed_at: number | null;
}

const toPoll = (r: PollRow): PollRecord => {
  const options: string[] = JSON.parse(r.options);
  return {
    id: r.id,
    platform: r.platform,
    workspaceId: r.workspace_id,
    channelId: r.channel_id,
    messageId: r.message_id ?? null,
    creatorUserId: r.creator_user_id,
    question: r.question,
    options,
    anonymous: r.anonymous === 1 || r.anonymous === true,
    hidden: r.hidden === 1 || r.hidden === true,
    multi: r.multi === 1 || r.multi === true,
    closesAt: r.closes_at,
    status: r.status,
    salt: r.salt ?? null,
    closedAt: r.closed_at ?? null,
  };
};

export function findPoll(db: Db, id: number): Promise<PollRecord | undefined> {
  return onConnection(db, async () => {
    const row = await statement<[number], PollRow>(db, "SELECT * FROM polls WHERE id = ?").get(id);
    return row ? toPoll(row) : undefined;
  });
}

export function openPollsIn(db: Db, platform: string, channelId: string): Promise<PollRecord[]> {
  return onConnection(db, async () =>
    (
      await statement<[string, string], PollRow>(db, "SELECT * FROM polls WHERE platform = ? AND channel_id = ? AND status = 'open' ORDER BY id").all(
        platform,
        channelId,
      )
    ).map(toPoll),
  );
}

/** Open polls whose close time has come (`now` in epoch milliseconds), the earliest first. */
export function duePolls(db: Db, now: number): Promise<PollRecord[]> {
  return onConnection(db, async () =>
    (await statement<[number], PollRow>(db, "SELECT * FROM polls WHERE status = 'open' AND closes_at <= ? ORDER BY closes_at, id").all(now)).map(toPoll),
  );
}

/** Ids of polls recorded before `createdBefore` (epoch milliseconds) and still `posting`: never posted. */
export function unpostedPollIds(db: Db, createdBefore: number): Promise<number[]> {
  return onConnection(db, async () =>
    (await statement<[number], { id: number }>(db, "SELECT id FROM polls WHERE status = 'posting' AND created_at < ? ORDER BY id").all(createdBefore)).map(
      (r) => r.id,
    ),
  );
}

/** A new poll, recorded as `posting` before it is sent; returns its id. */
export function insertPoll(
  db: Db,
  poll: {
    platform: string;
    workspaceId: string;
    channelId: string;
    creatorUserId: string;
    question: string;
    options: readonly string[];
    anonymous: boolean;
    hidden: boolean;
    multi: boolean;
    closesAt: number;
    salt: string | null;
    createdAt: number;
  },
): Promise<number> {
  return onConnection(db, async () => {
    // The flags go in as 1/0 and are compared: an integer on SQLite, a boolean on PostgreSQL.
    const row = await statement<[string, string, string, string, string, string, number, number, number, number, string | null, number], { id: number }>(
      db,
      `INSERT INTO polls (platform, workspace_id, channel_id, creator_user_id, question, options, anonymous, hidden, multi, closes_at, status, salt, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ? = 1, ? = 1, ? = 1, ?, 'posting', ?, ?) RETURNING id`,
    ).get(
      poll.platform,
      poll.workspaceId,
      poll.channelId,
      poll.creatorUserId,
      poll.question,
      JSON.stringify(poll.options),
      poll.anonymous ? 1 : 0,
      poll.hidden ? 1 : 0,
      poll.multi ? 1 : 0,
      poll.closesAt,
      poll.salt,
      poll.createdAt,
    );
    if (!row) throw new Error("INSERT … RETURNING gave no row");
    return row.id;
  });
}

/** A poll still `posting` becomes `failed` (never sent again). */
export function setPollFailed(db: Db, pollId: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number]>(db, "UPDATE polls SET status = 'failed' WHERE id = ? AND status = 'posting'").run(pollId);
  });
}

/** A poll still `posting` becomes `open`, with the message it was posted as. */
export function setPollPosted(db: Db, pollId: number, messageId: string): Promise<void> {
  return onConnection(db, async () => {
    await statement<[string, number]>(db, "UPDATE polls SET message_id = ?, status = 'open' WHERE id = ? AND status = 'posting'").run(messageId, pollId);
  });
}

export function setPollClosed(db: Db, pollId: number, closedAt: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, number]>(db, "UPDATE polls SET status = 'closed', closed_at = ? WHERE id = ?").run(closedAt, pollId);
  });
}

/**
 * Forgets who voted in an anonymous poll, once it is closed: the voter hashes were there only to
 * refuse a second vote, and with the poll's secret they would let anyone holding the database
 * test whether a given person voted. Only the tallies stay.
 */
export function forgetAnonymousVoters(db: Db, pollId: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number]>(db, "DELETE FROM poll_voters WHERE poll_id = ?").run(pollId);
    await statement<[number]>(db, "UPDATE polls SET salt = NULL WHERE id = ? AND anonymous = TRUE").run(pollId);
  });
}

/** Votes per option and the number of people who voted. */
export function pollCounts(db: Db, poll: Pick<PollRecord, "id" | "options" | "anonymous">): Promise<{ counts: number[]; voters: number }> {
  return onConnection(db, async () => {
    const counts = poll.options.map(() => 0);
    if (poll.anonymous) {
      for (const r of await statement<[number], { option: number; count: number }>(db, "SELECT option, count FROM poll_tallies WHERE poll_id = ?").all(poll.id))
        counts[r.option] = r.count;
      // One vote a person (an anonymous poll is never multi): the tallies count the voters too, after the close as well.
      return { counts, voters: counts.reduce((sum, n) => sum + n, 0) };
    }
    for (const r of await statement<[number], { option: number; n: number }>(
      db,
      "SELECT option, count(*) AS n FROM poll_votes WHERE poll_id = ? GROUP BY option",
    ).all(poll.id))
      counts[r.option] = r.n;
    const voters =
      (await statement<[number], { n: number }>(db, "SELECT count(DISTINCT voter_user_id) AS n FROM poll_votes WHERE poll_id = ?").get(poll.id))?.n ?? 0;
    return { counts, voters };
  });
}

/** Anonymous polls: records that this voter hash voted; false when it already had. */
export function addAnonymousVoter(db: Db, pollId: number, voterHash: string): Promise<boolean> {
  return onConnection(
    db,
    async () =>
      (await statement<[number, string]>(db, "INSERT INTO poll_voters (poll_id, voter_hash) VALUES (?, ?) ON CONFLICT DO NOTHING").run(pollId, voterHash)) > 0,
  );
}

/** Anonymous polls: one more vote for an option, with nothing saying whose. */
export function addToTally(db: Db, pollId: number, option: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, number]>(
      db,
      "INSERT INTO poll_tallies (poll_id, option, count) VALUES (?, ?, 1) ON CONFLICT (poll_id, option) DO UPDATE SET count = poll_tallies.count + 1",
    ).run(pollId, option);
  });
}

/** The options a voter has chosen in a poll that is not anonymous. */
export function optionsOfVoter(db: Db, pollId: number, voterUserId: string): Promise<number[]> {
  return onConnection(db, async () =>
    (
      await statement<[number, string], { option: number }>(db, "SELECT option FROM poll_votes WHERE poll_id = ? AND voter_user_id = ? ORDER BY option").all(
        pollId,
        voterUserId,
      )
    ).map((r) => r.option),
  );
}

export function insertPollVote(db: Db, vote: { pollId: number; voterUserId: string; option: number; createdAt: number }): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, string, number, number]>(db, "INSERT INTO poll_votes (poll_id, voter_user_id, option, created_at) VALUES (?, ?, ?, ?)").run(
      vote.pollId,
      vote.voterUserId,
      vote.option,
      vote.createdAt,
    );
  });
}

export function deletePollVote(db: Db, pollId: number, voterUserId: string, option: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, string, number]>(db, "DELETE FROM poll_votes WHERE poll_id = ? AND voter_user_id = ? AND option = ?").run(
      pollId,
      voterUserId,
      option,
    );
  });
}

/** Removes every vote of a voter in a poll (before a single-choice poll records their new choice). */
export function deleteVotesOf(db: Db, pollId: number, voterUserId: string): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, string]>(db, "DELETE FROM poll_votes WHERE poll_id = ? AND voter_user_id = ?").run(pollId, voterUserId);
  });
}

/** A poll's votes (not anonymous), the earliest first. */
export function pollVotesInOrder(db: Db, pollId: number): Promise<{ voterUserId: string; option: number; createdAt: number }[]> {
  return onConnection(db, async () => {
    const rows = await statement<[number], { voter_user_id: string; option: number; created_at: number }>(
      db,
      "SELECT voter_user_id, option, created_at FROM poll_votes WHERE poll_id = ? ORDER BY created_at, voter_user_id, option",
    ).all(pollId);
    return rows.map((r) => ({ voterUserId: r.voter_user_id, option: r.option, createdAt: r.created_at }));
  });
}
