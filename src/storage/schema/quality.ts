import { integer, real, sqliteTable, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { annotators } from "./annotators.js";
import { campaigns } from "./campaigns.js";
import { comparisons } from "./comparisons.js";
import { CHOICES } from "../../domain/choice.js";

/** Items still split at the campaign's maximum overlap, waiting for a lead's final answer. */
export const adjudications = sqliteTable(
  "adjudications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    comparisonId: integer("comparison_id")
      .notNull()
      .references(() => comparisons.id, { onDelete: "cascade" }),
    /**
     * Why it came here: `split` (no majority at max overlap), `review` (a peer reviewer disagreed),
     * or `judge` (the AI judge disagreed with a confident human majority and a lead decided it).
     */
    reason: text("reason", { enum: ["split", "review", "judge"] }).notNull(),
    status: text("status", { enum: ["pending", "resolved"] })
      .notNull()
      .default("pending"),
    finalChoice: text("final_choice", { enum: CHOICES }),
    note: text("note"),
    /** The lead who resolved it, as platform:user. */
    resolvedBy: text("resolved_by"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("adjudications_comparison").on(t.comparisonId), index("adjudications_queue").on(t.campaignId, t.status, t.id)],
);

/** A scheduled gold check owed by an annotator: their next assignment in the campaign is a gold item. */
export const goldDue = sqliteTable(
  "gold_due",
  {
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    annotatorId: integer("annotator_id")
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    dueSince: integer("due_since", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("gold_due_pk").on(t.campaignId, t.annotatorId)],
);

/**
 * A judgment sent to a second, qualified annotator, who agrees or disagrees with a note. A share of
 * judgments (peerReviewRate) and every flagged one come here; a disagreement goes to adjudication.
 */
export const peerReviews = sqliteTable(
  "peer_reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    judgmentId: integer("judgment_id").notNull(),
    reviewerId: integer("reviewer_id").references(() => annotators.id),
    status: text("status", { enum: ["pending", "claimed", "agreed", "disagreed"] })
      .notNull()
      .default("pending"),
    /** Why it was sent: `sampled` or the anomaly kind. */
    reason: text("reason").notNull(),
    note: text("note"),
    leaseEndsAt: integer("lease_ends_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    reviewedAt: integer("reviewed_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("peer_reviews_judgment").on(t.judgmentId), index("peer_reviews_queue").on(t.campaignId, t.status, t.id)],
);

/** A calibration round: a set of reference items every annotator answers within a window. */
export const calibrationRounds = sqliteTable(
  "calibration_rounds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** `round:<campaign>:<fire time>` for scheduled rounds, `manual:<campaign>:<time>` on demand. */
    runKey: text("run_key").notNull().unique(),
    status: text("status", { enum: ["open", "closed"] })
      .notNull()
      .default("open"),
    /** JSON array of comparison ids (calibration items). */
    items: text("items").notNull(),
    opensAt: integer("opens_at", { mode: "timestamp_ms" }).notNull(),
    remindAt: integer("remind_at", { mode: "timestamp_ms" }).notNull(),
    closesAt: integer("closes_at", { mode: "timestamp_ms" }).notNull(),
    reminded: integer("reminded", { mode: "boolean" }).notNull().default(false),
    /** JSON of the announcement messages `[{platform, channelId, messageId}]`, for threads. */
    announcements: text("announcements").notNull().default("[]"),
    /** JSON summary written at the close. */
    summary: text("summary"),
  },
  (t) => [index("calibration_rounds_due").on(t.status, t.closesAt)],
);

/** One annotator in one round: when they started and finished, and their result at the close. */
export const roundParticipants = sqliteTable(
  "round_participants",
  {
    roundId: integer("round_id")
      .notNull()
      .references(() => calibrationRounds.id, { onDelete: "cascade" }),
    annotatorId: integer("annotator_id")
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    kappa: real("kappa"),
    accuracy: real("accuracy"),
    passed: integer("passed", { mode: "boolean" }),
  },
  (t) => [uniqueIndex("round_participants_pk").on(t.roundId, t.annotatorId)],
);

/** Weekly quality figures per annotator and campaign: the drift check's memory and the drift report's data. */
export const annotatorWeekly = sqliteTable(
  "annotator_weekly",
  {
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    annotatorId: integer("annotator_id")
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    /** Monday 00:00 UTC of the week, as epoch milliseconds. */
    weekStart: integer("week_start").notNull(),
    judgments: integer("judgments").notNull(),
    /** Share of votes matching the other annotators' majority on the same items. */
    agreement: real("agreement"),
    goldAnswered: integer("gold_answered").notNull(),
    goldAccuracy: real("gold_accuracy"),
  },
  (t) => [uniqueIndex("annotator_weekly_pk").on(t.campaignId, t.annotatorId, t.weekStart)],
);
