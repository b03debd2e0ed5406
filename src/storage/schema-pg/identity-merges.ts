import { bigint, index, pgTable, text } from "drizzle-orm/pg-core";

/**
 * Rows set aside when identities of one person were merged (SQLite migration
 * merge_discord_identities). A PostgreSQL deployment only receives them through `db copy`.
 */
export const identityMergeArchive = pgTable(
  "identity_merge_archive",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    keptAnnotatorId: bigint("kept_annotator_id", { mode: "number" }).notNull(),
    sourceTable: text("source_table").notNull(),
    row: text("row").notNull(),
    reason: text("reason").notNull(),
    archivedAt: bigint("archived_at", { mode: "number" }).notNull(),
  },
  (t) => [index("identity_merge_archive_by_annotator").on(t.keptAnnotatorId)],
);
