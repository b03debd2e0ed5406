import { bigint, index, pgTable, text } from "drizzle-orm/pg-core";
import { campaigns } from "./campaigns.js";
import { comparisons } from "./comparisons.js";

/** A comparison posted in a channel, where everyone votes on the same message. */
export const channelPosts = pgTable(
  "channel_posts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    comparisonId: bigint("comparison_id", { mode: "number" })
      .notNull()
      .references(() => comparisons.id, { onDelete: "cascade" }),
    platform: text("platform").notNull(),
    channelId: text("channel_id").notNull(),
    messageId: text("message_id"),
    displayOrder: text("display_order", { enum: ["ab", "ba"] }).notNull(),
    status: text("status", { enum: ["posting", "posted", "revealed", "closed", "failed"] }).notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("channel_posts_by_comparison").on(t.comparisonId), index("channel_posts_by_campaign").on(t.campaignId, t.status)],
);
