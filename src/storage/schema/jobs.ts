import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Scheduler runs, keyed so that a restart or a double fire runs a job once per key. A `running`
 * run holds a lease its process renews while it works; a run whose lease ran out was interrupted
 * (the process died) and is taken up again under the same key.
 */
export const jobRuns = sqliteTable("job_runs", {
  runKey: text("run_key").primaryKey(),
  jobName: text("job_name").notNull(),
  status: text("status", { enum: ["running", "done", "failed"] }).notNull(),
  startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
  finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  error: text("error"),
  /** Until when the running process holds the run; null on runs recorded before leases (taken up at once). */
  leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
  /** How many times the run was started: more than 1 after an interrupted run was taken up again. */
  attempts: integer("attempts").notNull().default(1),
});
