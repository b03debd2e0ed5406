import { integer, sqliteTable, text, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { judgments } from "./judgments.js";

/** An anomaly found in a judgment (too fast, straight-lining, position bias, contradiction); flagged judgments stay out of exports by default. */
export const judgmentFlags = sqliteTable(
  "judgment_flags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    judgmentId: integer("judgment_id")
      .notNull()
      .references(() => judgments.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["too_fast", "straight_lining", "position_bias", "contradiction", "peer_disagreed"] }).notNull(),
    detail: text("detail").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("judgment_flags_unique").on(t.judgmentId, t.kind), index("judgment_flags_by_kind").on(t.kind)],
);
