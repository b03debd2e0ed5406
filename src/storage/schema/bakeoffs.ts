import { integer, real, sqliteTable, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { campaigns } from "./campaigns.js";

/**
 * A bake-off: several models' outputs on shared prompts, compared pair by pair in one channel,
 * the pairs chosen to settle the leaderboard in as few votes as possible. Its votes live in a
 * campaign of its own (items, channel posts, judgments), so reports and exports work on it as on
 * any campaign; this row holds the rules and where its messages are.
 */
export const bakeoffs = sqliteTable(
  "bakeoffs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** `draft` (created, not posted), `running`, then `stable` (stopped itself), `budget` (ran out of votes) or `stopped` (by a lead). */
    status: text("status", { enum: ["draft", "running", "stable", "budget", "stopped"] }).notNull(),
    confidence: real("confidence").notNull(),
    minViews: integer("min_views").notNull(),
    exploration: real("exploration").notNull(),
    /** Elo points within which two neighbours count as tied (0: never). */
    margin: real("margin").notNull(),
    maxVotes: integer("max_votes").notNull(),
    /** Pairs posted and awaiting their vote at any time. */
    parallel: integer("parallel").notNull(),
    platform: text("platform"),
    channelId: text("channel_id"),
    /** The bake-off's announcement in the channel; its thread holds the leaderboard. */
    rootMessageId: text("root_message_id"),
    /**
     * When the announcement's first send was begun: written before the send, so a run that finds it
     * set without `rootMessageId` (a crash between the send and recording it) looks for the message
     * on the platform before posting it again.
     */
    announcementIntentAt: integer("announcement_intent_at", { mode: "timestamp_ms" }),
    /** The live leaderboard message (in the thread: on Discord the thread is a channel of its own). */
    boardChannelId: text("board_channel_id"),
    boardMessageId: text("board_message_id"),
    /** What the bake-off said when it ended ("stable at 95% after 38 votes: …"). */
    outcome: text("outcome"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("bakeoffs_campaign").on(t.campaignId), index("bakeoffs_by_status").on(t.status)],
);

/** One model's output on one prompt of a bake-off; pairs are made from these as they are sampled. */
export const bakeoffOutputs = sqliteTable(
  "bakeoff_outputs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bakeoffId: integer("bakeoff_id")
      .notNull()
      .references(() => bakeoffs.id, { onDelete: "cascade" }),
    /** The prompt's id in the file (or one given by order of first appearance). */
    promptKey: text("prompt_key").notNull(),
    /** JSON array of chat turns, as comparisons store prompts. */
    prompt: text("prompt").notNull(),
    model: text("model").notNull(),
    output: text("output").notNull(),
  },
  (t) => [uniqueIndex("bakeoff_outputs_unique").on(t.bakeoffId, t.promptKey, t.model)],
);
