import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/** A run that was interrupted: still `running`, its lease over. */
export interface InterruptedRun {
  runKey: string;
  jobName: string;
}

/**
 * Claims a run key: records it as running under a lease, or takes over a run whose lease ran out
 * (its process died mid-run). False when the key already ran, or runs under a live lease.
 */
export function claimJobRun(db: Db, run: { runKey: string; jobName: string; now: number; leaseUntil: number }): Promise<boolean> {
  return onConnection(db, async () => {
    const sql = `INSERT INTO job_runs (run_key, job_name, status, started_at, lease_until, attempts) VALUES (?, ?, 'running', ?, ?, 1)
    ON CONFLICT (run_key) DO UPDATE SET status = 'running', started_at = excluded.started_at, lease_until = excluded.lease_until,
      attempts = job_runs.attempts + 1, finished_at = NULL, error = NULL
    WHERE job_runs.status = 'running' AND coalesce(job_runs.lease_until, 0) < excluded.started_at`;
    return (await statement<[string, string, number, number]>(db, sql).run(run.runKey, run.jobName, run.now, run.leaseUntil)) === 1;
  });
}

/** Extends the lease of a run this process is working on. */
export function renewJobLease(db: Db, runKey: string, leaseUntil: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, string]>(db, "UPDATE job_runs SET lease_until = ? WHERE run_key = ? AND status = 'running'").run(leaseUntil, runKey);
  });
}

/** Gives a run's lease up at once (a shutdown that could not wait for it), so the next start takes it up. */
export function releaseJobLease(db: Db, runKey: string): Promise<void> {
  return onConnection(db, async () => {
    await statement<[string]>(db, "UPDATE job_runs SET lease_until = 0 WHERE run_key = ? AND status = 'running'").run(runKey);
  });
}

export function finishJobRun(db: Db, run: { runKey: string; status: "done" | "failed"; at: number; error: string | null }): Promise<void> {
  return onConnection(db, async () => {
    await statement<["done" | "failed", number, string | null, string]>(
      db,
      "UPDATE job_runs SET status = ?, finished_at = ?, error = ?, lease_until = NULL WHERE run_key = ?",
    ).run(run.status, run.at, run.error, run.runKey);
  });
}

/** Runs left `running` with their lease over at `now`, oldest first. */
export function interruptedJobRuns(db: Db, now: number): Promise<InterruptedRun[]> {
  return onConnection(db, async () => {
    return await statement<[number], InterruptedRun>(
      db,
      `SELECT run_key AS "runKey", job_name AS "jobName" FROM job_runs WHERE status = 'running' AND coalesce(lease_until, 0) < ? ORDER BY started_at, run_key`,
    ).all(now);
  });
}

/** Forgets finished runs of a job older than `before` (the minute sweep keeps two days). */
export function pruneJobRuns(db: Db, jobName: string, before: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[string, number]>(db, "DELETE FROM job_runs WHERE job_name = ? AND status <> 'running' AND started_at < ?").run(jobName, before);
  });
}

/** How many job runs (any job: the minute sweep runs while the bot is up) started in [start, end): whether the bot ran then. */
export function jobRunsBetween(db: Db, start: number, end: number): Promise<number> {
  return onConnection(db, async () => {
    return (await statement<[number, number], { n: number }>(db, "SELECT count(*) AS n FROM job_runs WHERE started_at >= ? AND started_at < ?").get(
      start,
      end,
    ))!.n;
  });
}

// --- Runs that finish as they are claimed (scheduled gold checks) ---

/** Records a run key as done at `at`, in one step; false when the key was recorded before. */
export function recordFinishedJobRun(db: Db, run: { runKey: string; jobName: string; at: number }): Promise<boolean> {
  return onConnection(db, async () => {
    const inserted = await statement<[string, string, number, number]>(
      db,
      "INSERT INTO job_runs (run_key, job_name, status, started_at, finished_at) VALUES (?, ?, 'done', ?, ?) ON CONFLICT DO NOTHING",
    ).run(run.runKey, run.jobName, run.at, run.at);
    return inserted > 0;
  });
}
