import { bigint, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { judgments } from "./judgments.js";

/** An anomaly found in a judgment; flagged judgments stay out of exports by default. */
export const judgmentFlags = pgTable(
  "judgment_flags",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    judgmentId: bigint("judgment_id", { mode: "number" })
      .notNull()
      .references(() => judgments.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["too_fast", "straight_lining", "position_bias", "contradiction", "peer_disagreed"] }).notNull(),
    detail: text("detail").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("judgment_flags_unique").on(t.judgmentId, t.kind), index("judgment_flags_by_kind").on(t.kind)],
);
