import { bigint, boolean, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { CHOICES } from "../../domain/choice.js";
import { COMPARISON_KINDS } from "../../domain/comparison.js";
import { campaigns } from "./campaigns.js";

/** A prompt with two responses; `prompt`, `tags` and `metadata` are JSON kept as text. */
export const comparisons = pgTable(
  "comparisons",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    externalId: text("external_id").notNull(),
    prompt: text("prompt").notNull(),
    responseA: text("response_a").notNull(),
    responseB: text("response_b").notNull(),
    modelA: text("model_a"),
    modelB: text("model_b"),
    tags: text("tags").notNull().default("[]"),
    metadata: text("metadata").notNull().default("{}"),
    kind: text("kind", { enum: COMPARISON_KINDS }).notNull().default("regular"),
    goldAnswer: text("gold_answer", { enum: CHOICES }),
    goldExplanation: text("gold_explanation"),
    targetOverlap: bigint("target_overlap", { mode: "number" }).notNull(),
    activeCount: bigint("active_count", { mode: "number" }).notNull().default(0),
    doneCount: bigint("done_count", { mode: "number" }).notNull().default(0),
    full: boolean("full").notNull().default(false),
    importBatchId: bigint("import_batch_id", { mode: "number" }),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    uniqueIndex("comparisons_campaign_external").on(t.campaignId, t.externalId),
    // The assignment scan, in the same column order and direction as on SQLite. NULLS FIRST is
    // PostgreSQL's own order for DESC: written out because drizzle-kit would otherwise emit NULLS
    // LAST, and then neither `ORDER BY active_count DESC, id` nor the gold scan read backwards
    // (`active_count ASC, id DESC`) could be served by the index (the column is NOT NULL, but
    // the planner matches the null ordering anyway).
    index("comparisons_pick_v2").on(t.campaignId, t.kind, t.full, t.activeCount.desc().nullsFirst(), t.id),
  ],
);

/** One import run; `publishing` while its rows are copied in. */
export const importBatches = pgTable("import_batches", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
  campaignId: bigint("campaign_id", { mode: "number" })
    .notNull()
    .references(() => campaigns.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  format: text("format").notNull(),
  rows: bigint("rows", { mode: "number" }).notNull(),
  report: text("report").notNull().default("{}"),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
  status: text("status", { enum: ["publishing", "published"] })
    .notNull()
    .default("published"),
  ownerPid: bigint("owner_pid", { mode: "number" }),
  firstComparisonId: bigint("first_comparison_id", { mode: "number" }),
});
