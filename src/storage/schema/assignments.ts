import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { annotators } from "./annotators.js";
import { campaigns } from "./campaigns.js";
import { comparisons } from "./comparisons.js";
import { DISPLAY_ORDERS } from "../../domain/choice.js";
import { COMPARISON_KINDS } from "../../domain/comparison.js";

/**
 * One comparison shown to one annotator. `displayOrder` says which stored response was shown
 * first (`ab`: A first), so votes are stored as A/B and position bias can be measured.
 */
export const assignments = sqliteTable(
  "assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    comparisonId: integer("comparison_id")
      .notNull()
      .references(() => comparisons.id, { onDelete: "cascade" }),
    annotatorId: integer("annotator_id")
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: COMPARISON_KINDS }).notNull(),
    displayOrder: text("display_order", { enum: DISPLAY_ORDERS }).notNull(),
    status: text("status", { enum: ["open", "done", "skipped", "expired"] })
      .notNull()
      .default("open"),
    shownAt: integer("shown_at", { mode: "timestamp_ms" }).notNull(),
    leaseEndsAt: integer("lease_ends_at", { mode: "timestamp_ms" }).notNull(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    /** Where the card was shown, so it can be edited later: platform, channel and message id. */
    messagePlatform: text("message_platform"),
    messageChannelId: text("message_channel_id"),
    messageId: text("message_id"),
  },
  (t) => [
    // One assignment per person per item: an item is never shown twice to the same annotator. It
    // also serves every lookup by (annotator, comparison); no index on comparison alone, since no
    // query needs one and each index is another page written per vote.
    uniqueIndex("assignments_annotator_comparison").on(t.annotatorId, t.comparisonId),
    // Partial indexes over open assignments only: small, hot in cache, and a vote that closes an
    // assignment touches one page of each instead of rewriting entries in a big index.
    // Open assignments only: small and hot. Expired leases are found by scanning it too (rarely:
    // when no item is left, and in the minute sweep), so no second index is written per vote.
    index("assignments_open_by_annotator_v2").on(t.annotatorId, t.campaignId).where(sql`status = 'open'`),
  ],
);
