import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { annotators } from "./annotators.js";
import { assignments } from "./assignments.js";
import { campaigns, guidelineVersions } from "./campaigns.js";
import { comparisons } from "./comparisons.js";
import { CHOICES, DISPLAY_ORDERS } from "../../domain/choice.js";
import { COMPARISON_KINDS } from "../../domain/comparison.js";
import { DIFFICULTIES } from "../../domain/campaign-settings.js";
import { JUDGE_SHOW_MODES } from "../../domain/ai-judge/settings.js";

/** Declared in the domain; re-exported for the schema files that name a choice column. */
export { CHOICES };

/**
 * An annotator's answer to a comparison. Raw judgments are kept forever; aggregates are computed.
 * Imported judgments (PandaLM's three annotators) have no assignment.
 */
export const judgments = sqliteTable(
  "judgments",
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
    assignmentId: integer("assignment_id").references(() => assignments.id, { onDelete: "set null" }),
    guidelineVersionId: integer("guideline_version_id").references(() => guidelineVersions.id),
    choice: text("choice", { enum: CHOICES }).notNull(),
    /**
     * The comparison's kind, copied at write time (it never changes) so that gold answers have a
     * partial index of their own: the gold-accuracy check after every gold vote reads an
     * annotator's last 25 gold answers, which without it means joining every past judgment.
     */
    kind: text("kind", { enum: COMPARISON_KINDS }).notNull().default("regular"),
    /** Which stored response was shown first, copied from the assignment (null for imports). */
    displayOrder: text("display_order", { enum: DISPLAY_ORDERS }),
    timeTakenMs: integer("time_taken_ms"),
    rationale: text("rationale"),
    confidence: integer("confidence"),
    difficulty: text("difficulty", { enum: DIFFICULTIES }),
    /** JSON array of flag names. */
    flags: text("flags").notNull().default("[]"),
    /** JSON object `{ dimension: { a: 1..5, b: 1..5 } }`. */
    rubricScores: text("rubric_scores").notNull().default("{}"),
    /** `platform` (a chat vote), `import` (came with a file) or `ai` (the AI judge; provenance in ai_verdicts, never counted as a human). */
    source: text("source", { enum: ["platform", "import", "ai"] })
      .notNull()
      .default("platform"),
    /**
     * What the annotator could see of the AI judge's verdict, by the campaign's `aiJudge.show` when
     * they voted (`never`, `after_vote`, `before_vote`); null when the campaign had no AI judge.
     * The anchoring measure groups agreement with the judge by it.
     */
    aiShown: text("ai_shown", { enum: JUDGE_SHOW_MODES }),
    /** Raised each time the annotator changes the answer; the old value goes to judgment_history. */
    revision: integer("revision").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  // Every index is one more page written per vote (synchronous=FULL pays per page), so only two
  // full ones: one judgment per person per item (also the lookup from an assignment, which names
  // both), and per-annotator history. Campaign-wide reads (exports, reports) scan in rowid order
  // instead. The gold index is partial: a regular vote never writes it.
  (t) => [
    uniqueIndex("judgments_comparison_annotator").on(t.comparisonId, t.annotatorId),
    index("judgments_by_annotator").on(t.annotatorId, t.campaignId),
    index("judgments_gold_recent").on(t.annotatorId, t.campaignId, t.updatedAt).where(sql`kind = 'gold'`),
  ],
);

/** Earlier versions of a judgment, one row per change. */
export const judgmentHistory = sqliteTable(
  "judgment_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    judgmentId: integer("judgment_id")
      .notNull()
      .references(() => judgments.id, { onDelete: "cascade" }),
    revision: integer("revision").notNull(),
    choice: text("choice", { enum: CHOICES }).notNull(),
    rationale: text("rationale"),
    confidence: integer("confidence"),
    difficulty: text("difficulty"),
    flags: text("flags").notNull(),
    rubricScores: text("rubric_scores").notNull(),
    changedAt: integer("changed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("judgment_history_by_judgment").on(t.judgmentId)],
);
