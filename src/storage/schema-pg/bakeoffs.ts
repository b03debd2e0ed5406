import { bigint, doublePrecision, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { campaigns } from "./campaigns.js";

/** A bake-off: several models' outputs on shared prompts, compared pair by pair in one channel. */
export const bakeoffs = pgTable(
  "bakeoffs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["draft", "running", "stable", "budget", "stopped"] }).notNull(),
    confidence: doublePrecision("confidence").notNull(),
    minViews: bigint("min_views", { mode: "number" }).notNull(),
    exploration: doublePrecision("exploration").notNull(),
    margin: doublePrecision("margin").notNull(),
    maxVotes: bigint("max_votes", { mode: "number" }).notNull(),
    parallel: bigint("parallel", { mode: "number" }).notNull(),
    platform: text("platform"),
    channelId: text("channel_id"),
    rootMessageId: text("root_message_id"),
    announcementIntentAt: bigint("announcement_intent_at", { mode: "number" }),
    boardChannelId: text("board_channel_id"),
    boardMessageId: text("board_message_id"),
    outcome: text("outcome"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    startedAt: bigint("started_at", { mode: "number" }),
    endedAt: bigint("ended_at", { mode: "number" }),
  },
  (t) => [uniqueIndex("bakeoffs_campaign").on(t.campaignId), index("bakeoffs_by_status").on(t.status)],
);

/** One model's output on one prompt of a bake-off. */
export const bakeoffOutputs = pgTable(
  "bakeoff_outputs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    bakeoffId: bigint("bakeoff_id", { mode: "number" })
      .notNull()
      .references(() => bakeoffs.id, { onDelete: "cascade" }),
    promptKey: text("prompt_key").notNull(),
    prompt: text("prompt").notNull(),
    model: text("model").notNull(),
    output: text("output").notNull(),
  },
  (t) => [uniqueIndex("bakeoff_outputs_unique").on(t.bakeoffId, t.promptKey, t.model)],
);
