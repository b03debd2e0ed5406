import { bigint, boolean, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";

/** A quick preference poll posted in one channel. */
export const polls = pgTable(
  "polls",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    platform: text("platform").notNull(),
    workspaceId: text("workspace_id").notNull(),
    channelId: text("channel_id").notNull(),
    messageId: text("message_id"),
    creatorUserId: text("creator_user_id").notNull(),
    question: text("question").notNull(),
    options: text("options").notNull(),
    anonymous: boolean("anonymous").notNull(),
    hidden: boolean("hidden").notNull(),
    multi: boolean("multi").notNull(),
    closesAt: bigint("closes_at", { mode: "number" }).notNull(),
    status: text("status", { enum: ["posting", "open", "closed", "failed"] }).notNull(),
    salt: text("salt"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    closedAt: bigint("closed_at", { mode: "number" }),
  },
  (t) => [index("polls_due").on(t.status, t.closesAt), index("polls_by_channel").on(t.platform, t.channelId, t.status)],
);

/** Votes of polls that are not anonymous: who chose what. */
export const pollVotes = pgTable(
  "poll_votes",
  {
    pollId: bigint("poll_id", { mode: "number" })
      .notNull()
      .references(() => polls.id, { onDelete: "cascade" }),
    voterUserId: text("voter_user_id").notNull(),
    option: bigint("option", { mode: "number" }).notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("poll_votes_unique").on(t.pollId, t.voterUserId, t.option)],
);

/** Anonymous polls: who voted (a salted hash), unlinked from what they chose. */
export const pollVoters = pgTable(
  "poll_voters",
  {
    pollId: bigint("poll_id", { mode: "number" })
      .notNull()
      .references(() => polls.id, { onDelete: "cascade" }),
    voterHash: text("voter_hash").notNull(),
  },
  (t) => [uniqueIndex("poll_voters_unique").on(t.pollId, t.voterHash)],
);

export const pollTallies = pgTable(
  "poll_tallies",
  {
    pollId: bigint("poll_id", { mode: "number" })
      .notNull()
      .references(() => polls.id, { onDelete: "cascade" }),
    option: bigint("option", { mode: "number" }).notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("poll_tallies_unique").on(t.pollId, t.option)],
);
