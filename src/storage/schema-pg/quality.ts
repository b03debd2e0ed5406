import { bigint, boolean, doublePrecision, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { CHOICES } from "../../domain/choice.js";
import { annotators } from "./annotators.js";
import { campaigns } from "./campaigns.js";
import { comparisons } from "./comparisons.js";

/** Items still split at the campaign's maximum overlap, waiting for a lead's final answer. */
export const adjudications = pgTable(
  "adjudications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    comparisonId: bigint("comparison_id", { mode: "number" })
      .notNull()
      .references(() => comparisons.id, { onDelete: "cascade" }),
    reason: text("reason", { enum: ["split", "review", "judge"] }).notNull(),
    status: text("status", { enum: ["pending", "resolved"] })
      .notNull()
      .default("pending"),
    finalChoice: text("final_choice", { enum: CHOICES }),
    note: text("note"),
    resolvedBy: text("resolved_by"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    resolvedAt: bigint("resolved_at", { mode: "number" }),
  },
  (t) => [uniqueIndex("adjudications_comparison").on(t.comparisonId), index("adjudications_queue").on(t.campaignId, t.status, t.id)],
);

/** A scheduled gold check owed by an annotator. */
export const goldDue = pgTable(
  "gold_due",
  {
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    annotatorId: bigint("annotator_id", { mode: "number" })
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    dueSince: bigint("due_since", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("gold_due_pk").on(t.campaignId, t.annotatorId)],
);

/** A judgment sent to a second, qualified annotator. */
export const peerReviews = pgTable(
  "peer_reviews",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    // No foreign key, as on SQLite.
    judgmentId: bigint("judgment_id", { mode: "number" }).notNull(),
    reviewerId: bigint("reviewer_id", { mode: "number" }).references(() => annotators.id),
    status: text("status", { enum: ["pending", "claimed", "agreed", "disagreed"] })
      .notNull()
      .default("pending"),
    reason: text("reason").notNull(),
    note: text("note"),
    leaseEndsAt: bigint("lease_ends_at", { mode: "number" }),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    reviewedAt: bigint("reviewed_at", { mode: "number" }),
  },
  (t) => [uniqueIndex("peer_reviews_judgment").on(t.judgmentId), index("peer_reviews_queue").on(t.campaignId, t.status, t.id)],
);

/** A calibration round: a set of reference items every annotator answers within a window. */
export const calibrationRounds = pgTable(
  "calibration_rounds",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    runKey: text("run_key").notNull().unique(),
    status: text("status", { enum: ["open", "closed"] })
      .notNull()
      .default("open"),
    items: text("items").notNull(),
    opensAt: bigint("opens_at", { mode: "number" }).notNull(),
    remindAt: bigint("remind_at", { mode: "number" }).notNull(),
    closesAt: bigint("closes_at", { mode: "number" }).notNull(),
    reminded: boolean("reminded").notNull().default(false),
    announcements: text("announcements").notNull().default("[]"),
    summary: text("summary"),
  },
  (t) => [index("calibration_rounds_due").on(t.status, t.closesAt)],
);

/** One annotator in one round: when they started and finished, and their result at the close. */
export const roundParticipants = pgTable(
  "round_participants",
  {
    roundId: bigint("round_id", { mode: "number" })
      .notNull()
      .references(() => calibrationRounds.id, { onDelete: "cascade" }),
    annotatorId: bigint("annotator_id", { mode: "number" })
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    startedAt: bigint("started_at", { mode: "number" }),
    finishedAt: bigint("finished_at", { mode: "number" }),
    kappa: doublePrecision("kappa"),
    accuracy: doublePrecision("accuracy"),
    passed: boolean("passed"),
  },
  (t) => [uniqueIndex("round_participants_pk").on(t.roundId, t.annotatorId)],
);

/** Weekly quality figures per annotator and campaign. */
export const annotatorWeekly = pgTable(
  "annotator_weekly",
  {
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    annotatorId: bigint("annotator_id", { mode: "number" })
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    weekStart: bigint("week_start", { mode: "number" }).notNull(),
    judgments: bigint("judgments", { mode: "number" }).notNull(),
    agreement: doublePrecision("agreement"),
    goldAnswered: bigint("gold_answered", { mode: "number" }).notNull(),
    goldAccuracy: doublePrecision("gold_accuracy"),
  },
  (t) => [uniqueIndex("annotator_weekly_pk").on(t.campaignId, t.annotatorId, t.weekStart)],
);
