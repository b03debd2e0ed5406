import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { campaigns } from "./campaigns.js";
import { CHOICES } from "../../domain/choice.js";
import { COMPARISON_KINDS } from "../../domain/comparison.js";

/**
 * A prompt with two responses. `prompt` is JSON: an array of chat turns `{role, content}`.
 * A row with `goldAnswer` is a gold item. `activeCount` (open + done assignments) and `full`
 * are maintained by the assignment service so that picking the next item is one index range scan.
 */
export const comparisons = sqliteTable(
  "comparisons",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** The id from the imported file, or one generated at import. Unique within a campaign. */
    externalId: text("external_id").notNull(),
    prompt: text("prompt").notNull(),
    responseA: text("response_a").notNull(),
    responseB: text("response_b").notNull(),
    modelA: text("model_a"),
    modelB: text("model_b"),
    /** JSON array of strings. */
    tags: text("tags").notNull().default("[]"),
    /** JSON object of hidden metadata (for example which side TRL's `chosen` became). Never shown to annotators. */
    metadata: text("metadata").notNull().default("{}"),
    /** `regular`, `gold` (injected silently) or `calibration` (used in calibration rounds). */
    kind: text("kind", { enum: COMPARISON_KINDS }).notNull().default("regular"),
    goldAnswer: text("gold_answer", { enum: CHOICES }),
    goldExplanation: text("gold_explanation"),
    /** Judgments wanted for this item; starts at the campaign overlap, adaptive overlap may raise it. */
    targetOverlap: integer("target_overlap").notNull(),
    /** Open plus done assignments. */
    activeCount: integer("active_count").notNull().default(0),
    /** Done assignments (judgments). */
    doneCount: integer("done_count").notNull().default(0),
    /** 1 when activeCount >= targetOverlap: the item takes no more assignments. */
    full: integer("full", { mode: "boolean" }).notNull().default(false),
    importBatchId: integer("import_batch_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("comparisons_campaign_external").on(t.campaignId, t.externalId),
    // The assignment scan: open items of a kind, fullest first, oldest first among equals, read
    // straight off the index (no sort). Gold items are read backwards: least shown first.
    index("comparisons_pick_v2").on(t.campaignId, t.kind, t.full, sql`${t.activeCount} desc`, t.id),
  ],
);

/**
 * One import run, kept so a lead can see what came from where. A batch is `publishing` while its
 * rows are copied in, in short transactions: nothing hands out its items until it is `published`,
 * and a batch whose process died while `publishing` is removed whole at the next start.
 */
export const importBatches = sqliteTable("import_batches", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  campaignId: integer("campaign_id")
    .notNull()
    .references(() => campaigns.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  format: text("format").notNull(),
  rows: integer("rows").notNull(),
  /** JSON report: quirks handled, rows coerced, judgments imported. */
  report: text("report").notNull().default("{}"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  status: text("status", { enum: ["publishing", "published"] })
    .notNull()
    .default("published"),
  /** The process copying the rows in, while `publishing`. */
  ownerPid: integer("owner_pid"),
  /** The first comparison id the batch took: its rows are found from there without an index. */
  firstComparisonId: integer("first_comparison_id"),
});
