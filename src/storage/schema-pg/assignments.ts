import { sql } from "drizzle-orm";
import { bigint, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { DISPLAY_ORDERS } from "../../domain/choice.js";
import { COMPARISON_KINDS } from "../../domain/comparison.js";
import { annotators } from "./annotators.js";
import { campaigns } from "./campaigns.js";
import { comparisons } from "./comparisons.js";

/** One comparison shown to one annotator; `displayOrder` says which stored response was shown first. */
export const assignments = pgTable(
  "assignments",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    comparisonId: bigint("comparison_id", { mode: "number" })
      .notNull()
      .references(() => comparisons.id, { onDelete: "cascade" }),
    annotatorId: bigint("annotator_id", { mode: "number" })
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: COMPARISON_KINDS }).notNull(),
    displayOrder: text("display_order", { enum: DISPLAY_ORDERS }).notNull(),
    status: text("status", { enum: ["open", "done", "skipped", "expired"] })
      .notNull()
      .default("open"),
    shownAt: bigint("shown_at", { mode: "number" }).notNull(),
    leaseEndsAt: bigint("lease_ends_at", { mode: "number" }).notNull(),
    completedAt: bigint("completed_at", { mode: "number" }),
    messagePlatform: text("message_platform"),
    messageChannelId: text("message_channel_id"),
    messageId: text("message_id"),
  },
  (t) => [
    // One assignment per person per item, under concurrent replicas too.
    uniqueIndex("assignments_annotator_comparison").on(t.annotatorId, t.comparisonId),
    // Open assignments only, as on SQLite: small and hot, and a vote leaves it.
    index("assignments_open_by_annotator_v2").on(t.annotatorId, t.campaignId).where(sql`status = 'open'`),
  ],
);
