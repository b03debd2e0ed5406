import { integer, sqliteTable, text, index } from "drizzle-orm/sqlite-core";
import { campaigns } from "./campaigns.js";
import { comparisons } from "./comparisons.js";

/**
 * A comparison posted in a channel, where everyone votes on the same message. The row is written
 * before the post (status `posting`) and completed with the message id after it, so a crash or a
 * retry never posts the same item twice without the bot knowing. Then `posted` (taking votes),
 * `revealed` (all votes in, the split shown), `closed` (a pair of an ended bake-off whose buttons
 * were taken off) or `failed`.
 */
export const channelPosts = sqliteTable(
  "channel_posts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    comparisonId: integer("comparison_id")
      .notNull()
      .references(() => comparisons.id, { onDelete: "cascade" }),
    platform: text("platform").notNull(),
    channelId: text("channel_id").notNull(),
    messageId: text("message_id"),
    displayOrder: text("display_order", { enum: ["ab", "ba"] }).notNull(),
    status: text("status", { enum: ["posting", "posted", "revealed", "closed", "failed"] }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("channel_posts_by_comparison").on(t.comparisonId), index("channel_posts_by_campaign").on(t.campaignId, t.status)],
);
