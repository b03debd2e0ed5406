import { sql } from "drizzle-orm";
import { bigint, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { JUDGE_SHOW_MODES } from "../../domain/ai-judge/settings.js";
import { DIFFICULTIES } from "../../domain/campaign-settings.js";
import { CHOICES, DISPLAY_ORDERS } from "../../domain/choice.js";
import { COMPARISON_KINDS } from "../../domain/comparison.js";
import { annotators } from "./annotators.js";
import { assignments } from "./assignments.js";
import { campaigns, guidelineVersions } from "./campaigns.js";
import { comparisons } from "./comparisons.js";

/** An annotator's answer to a comparison; raw judgments are kept forever. */
export const judgments = pgTable(
  "judgments",
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
    assignmentId: bigint("assignment_id", { mode: "number" }).references(() => assignments.id, { onDelete: "set null" }),
    guidelineVersionId: bigint("guideline_version_id", { mode: "number" }).references(() => guidelineVersions.id),
    choice: text("choice", { enum: CHOICES }).notNull(),
    kind: text("kind", { enum: COMPARISON_KINDS }).notNull().default("regular"),
    displayOrder: text("display_order", { enum: DISPLAY_ORDERS }),
    timeTakenMs: bigint("time_taken_ms", { mode: "number" }),
    rationale: text("rationale"),
    confidence: bigint("confidence", { mode: "number" }),
    difficulty: text("difficulty", { enum: DIFFICULTIES }),
    flags: text("flags").notNull().default("[]"),
    rubricScores: text("rubric_scores").notNull().default("{}"),
    source: text("source", { enum: ["platform", "import", "ai"] })
      .notNull()
      .default("platform"),
    aiShown: text("ai_shown", { enum: JUDGE_SHOW_MODES }),
    revision: bigint("revision", { mode: "number" }).notNull().default(1),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [
    uniqueIndex("judgments_comparison_annotator").on(t.comparisonId, t.annotatorId),
    index("judgments_by_annotator").on(t.annotatorId, t.campaignId),
    // Partial, as on SQLite: a regular vote never writes it.
    index("judgments_gold_recent").on(t.annotatorId, t.campaignId, t.updatedAt).where(sql`kind = 'gold'`),
  ],
);

/** Earlier versions of a judgment, one row per change. */
export const judgmentHistory = pgTable(
  "judgment_history",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    judgmentId: bigint("judgment_id", { mode: "number" })
      .notNull()
      .references(() => judgments.id, { onDelete: "cascade" }),
    revision: bigint("revision", { mode: "number" }).notNull(),
    choice: text("choice", { enum: CHOICES }).notNull(),
    rationale: text("rationale"),
    confidence: bigint("confidence", { mode: "number" }),
    difficulty: text("difficulty"),
    flags: text("flags").notNull(),
    rubricScores: text("rubric_scores").notNull(),
    changedAt: bigint("changed_at", { mode: "number" }).notNull(),
  },
  (t) => [index("judgment_history_by_judgment").on(t.judgmentId)],
);
