import { integer, sqliteTable, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";

/** A quick preference poll posted in one channel. */
export const polls = sqliteTable(
  "polls",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    platform: text("platform").notNull(),
    workspaceId: text("workspace_id").notNull(),
    channelId: text("channel_id").notNull(),
    /** Set once the post went out; a poll still `posting` after a crash is known to be unposted. */
    messageId: text("message_id"),
    creatorUserId: text("creator_user_id").notNull(),
    question: text("question").notNull(),
    /** JSON array of option texts. */
    options: text("options").notNull(),
    anonymous: integer("anonymous", { mode: "boolean" }).notNull(),
    hidden: integer("hidden", { mode: "boolean" }).notNull(),
    multi: integer("multi", { mode: "boolean" }).notNull(),
    closesAt: integer("closes_at", { mode: "timestamp_ms" }).notNull(),
    /** `failed`: the platform refused the post for good (the bot is not in the channel); never retried. */
    status: text("status", { enum: ["posting", "open", "closed", "failed"] }).notNull(),
    /** Anonymous polls: a random per-poll secret for the one-vote-a-person hash. */
    salt: text("salt"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("polls_due").on(t.status, t.closesAt), index("polls_by_channel").on(t.platform, t.channelId, t.status)],
);

/** Votes of polls that are not anonymous: who chose what (changeable until the close). */
export const pollVotes = sqliteTable(
  "poll_votes",
  {
    pollId: integer("poll_id")
      .notNull()
      .references(() => polls.id, { onDelete: "cascade" }),
    voterUserId: text("voter_user_id").notNull(),
    option: integer("option").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("poll_votes_unique").on(t.pollId, t.voterUserId, t.option)],
);

/**
 * Anonymous polls keep two unlinked tables: who voted (a salted hash, for one vote a person) and
 * how many chose each option. No row ties a person, or their hash, to a choice.
 */
export const pollVoters = sqliteTable(
  "poll_voters",
  {
    pollId: integer("poll_id")
      .notNull()
      .references(() => polls.id, { onDelete: "cascade" }),
    voterHash: text("voter_hash").notNull(),
  },
  (t) => [uniqueIndex("poll_voters_unique").on(t.pollId, t.voterHash)],
);

export const pollTallies = sqliteTable(
  "poll_tallies",
  {
    pollId: integer("poll_id")
      .notNull()
      .references(() => polls.id, { onDelete: "cascade" }),
    option: integer("option").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [uniqueIndex("poll_tallies_unique").on(t.pollId, t.option)],
);
