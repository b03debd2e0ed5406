import { integer, sqliteTable, text, index } from "drizzle-orm/sqlite-core";

/**
 * Rows set aside when the identities of one person were merged into one annotator (migration
 * merge_discord_identities): each kept whole as JSON, with the annotator it now belongs to and
 * why it could not simply be re-pointed (the person had answered the same item twice, under two
 * Discord servers). Nothing a person did is deleted without a copy here.
 */
export const identityMergeArchive = sqliteTable(
  "identity_merge_archive",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The annotator the person is now; no foreign key, so the record outlives any later change. */
    keptAnnotatorId: integer("kept_annotator_id").notNull(),
    /** The table the row came from (annotators, judgments, assignments, gold_due, round_participants, annotator_weekly). */
    sourceTable: text("source_table").notNull(),
    /** The row as it was, with its dependent rows (a judgment's history, flags and peer reviews). */
    row: text("row").notNull(),
    reason: text("reason").notNull(),
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("identity_merge_archive_by_annotator").on(t.keptAnnotatorId)],
);
