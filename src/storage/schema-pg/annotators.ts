import { bigint, boolean, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * A person who labels, identified by platform + workspace + user id (see the SQLite schema's
 * annotators.ts for what each platform puts there).
 */
export const annotators = pgTable(
  "annotators",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    platform: text("platform").notNull(),
    workspaceId: text("workspace_id").notNull(),
    userId: text("user_id").notNull(),
    displayName: text("display_name"),
    status: text("status", { enum: ["new", "qualified", "needs_calibration", "suspended"] })
      .notNull()
      .default("new"),
    leaderboardOptOut: boolean("leaderboard_opt_out").notNull().default(false),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    calibratedAt: bigint("calibrated_at", { mode: "number" }),
  },
  (t) => [uniqueIndex("annotators_identity").on(t.platform, t.workspaceId, t.userId)],
);
