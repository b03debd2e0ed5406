import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Scheduler runs, keyed so that a restart or a double fire runs a job once per key. */
export const jobRuns = sqliteTable("job_runs", {
  runKey: text("run_key").primaryKey(),
  jobName: text("job_name").notNull(),
  status: text("status", { enum: ["running", "done", "failed"] }).notNull(),
  startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
  finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  error: text("error"),
});
