import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * A person who labels, identified by platform + workspace + user id: the Slack team for Slack;
 * `*` for Discord, whose user ids are global (one Discord user is one annotator in every server
 * and in DMs; see domain/annotator-identity.ts). `external` is the platform of annotators that
 * arrive with imported judgments (PandaLM's three).
 */
export const annotators = sqliteTable(
  "annotators",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    platform: text("platform").notNull(),
    workspaceId: text("workspace_id").notNull(),
    userId: text("user_id").notNull(),
    displayName: text("display_name"),
    status: text("status", { enum: ["new", "qualified", "needs_calibration", "suspended"] })
      .notNull()
      .default("new"),
    /** Shown on the anonymized leaderboard unless the annotator opts out. */
    leaderboardOptOut: integer("leaderboard_opt_out", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** When the last calibration result was given; answers after it count toward the next one. */
    calibratedAt: integer("calibrated_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("annotators_identity").on(t.platform, t.workspaceId, t.userId)],
);
