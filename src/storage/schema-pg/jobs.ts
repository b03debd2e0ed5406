import { bigint, pgTable, text } from "drizzle-orm/pg-core";

/** Scheduler runs, keyed so that a restart or a double fire runs a job once per key. */
export const jobRuns = pgTable("job_runs", {
  runKey: text("run_key").primaryKey(),
  jobName: text("job_name").notNull(),
  status: text("status", { enum: ["running", "done", "failed"] }).notNull(),
  startedAt: bigint("started_at", { mode: "number" }).notNull(),
  finishedAt: bigint("finished_at", { mode: "number" }),
  error: text("error"),
  leaseUntil: bigint("lease_until", { mode: "number" }),
  attempts: bigint("attempts", { mode: "number" }).notNull().default(1),
});
