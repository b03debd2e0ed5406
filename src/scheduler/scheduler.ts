import { CronExpressionParser } from "cron-parser";
import cron, { type ScheduledTask } from "node-cron";
import type { Clock } from "../clock.js";
import type { DispatchDeps } from "../core/dispatch-context.js";
import type { Logger } from "../logger.js";
import { claimJobRun, finishJobRun, interruptedJobRuns, releaseJobLease, renewJobLease } from "../storage/repos/job-runs.repo.js";
import type { JobSpec } from "./job-spec.js";
import { SOLE_PROCESS, type Leadership } from "./leadership.js";

/** How long a run is held without a renewal; a run whose process died is taken up again after this. */
export const JOB_LEASE_MS = 2 * 60_000;
/** How often a running job renews its lease, and how often the scheduler looks for interrupted runs. */
const LEASE_RENEW_MS = JOB_LEASE_MS / 4;

export interface Scheduler {
  /** Registers the cron tasks and runs, once, every catch-up job whose last fire time was missed. */
  start(): Promise<void>;
  /**
   * Stops the cron tasks and waits for runs in flight, at most `graceMs`. A run still going then
   * gives its lease up, so the next start takes it up again under the same key.
   */
  stop(graceMs?: number): Promise<void>;
  /** Runs a job for the fire time `at` unless that run key already ran. Returns whether it ran. */
  fire(name: string, at: Date): Promise<boolean>;
  /** Runs every job whose cron fired in (since, until], in time order: how tests move through a week. */
  advance(since: Date, until: Date): Promise<string[]>;
  /** The catch-up pass `start` makes, exposed for tests. */
  catchUp(now: Date): Promise<string[]>;
  /** Takes up the runs an earlier process left unfinished (lease over), under their own keys. */
  resumeInterrupted(now: Date): Promise<string[]>;
}

/** A run key names one scheduled fire of a job, to the minute. */
function runKeyOf(job: string, at: Date): string {
  return `${job}:${at.toISOString().slice(0, 16)}`;
}

/** The fire time a run key stands for (`<job>:<ISO minute>`). */
function firedAtOf(runKey: string, jobName: string): Date {
  return new Date(`${runKey.slice(jobName.length + 1)}:00Z`);
}

/**
 * Runs the job table. node-cron triggers fires in real time; every fire goes through `fire`,
 * which claims the run key in `job_runs` first, so a double fire, an overlap or a restart runs a
 * job once per key. A claim is a lease the run renews while it works: if the process dies mid-run,
 * the lease runs out and the run is taken up again (at the next start, or by the scheduler still
 * running), under the same key: at least once, and jobs are idempotent by key. Time comes from the
 * injected clock; tests call `advance` instead of waiting.
 */
export function createScheduler(options: {
  jobs: readonly JobSpec[];
  deps: DispatchDeps;
  clock: Clock;
  timezone: string;
  logger: Logger;
  /** Whether this process may run jobs now; SQLite's one bot process always may. */
  leadership?: Leadership;
}): Scheduler {
  const { jobs, deps, timezone, logger } = options;
  const leadership = options.leadership ?? SOLE_PROCESS;
  const db = deps.services.db;
  const now = () => options.clock.now().getTime();
  const tasks: ScheduledTask[] = [];
  const inFlight = new Map<string, Promise<unknown>>();
  let resumeTimer: NodeJS.Timeout | undefined;
  const byName = new Map(jobs.map((j) => [j.name, j]));

  for (const job of jobs) {
    if (!cron.validate(job.cron)) throw new Error(`job ${job.name}: invalid cron expression "${job.cron}"`);
  }

  async function fire(name: string, at: Date): Promise<boolean> {
    const job = byName.get(name);
    if (!job) throw new Error(`no job named ${name}`);
    const runKey = runKeyOf(name, at);
    return run(job, runKey, at);
  }

  async function run(job: JobSpec, runKey: string, at: Date): Promise<boolean> {
    if (!leadership.isLeader()) {
      logger.debug({ runKey }, "another replica runs the scheduled jobs; skipped");
      return false;
    }
    if (inFlight.has(runKey) || !(await claimJobRun(db, { runKey, jobName: job.name, now: now(), leaseUntil: now() + JOB_LEASE_MS }))) {
      logger.debug({ runKey }, "job run already recorded or running; skipped");
      return false;
    }
    // Renewed on the system clock: the lease is about this process being alive, not scheduled time.
    const renew = setInterval(async () => {
      try {
        await renewJobLease(db, runKey, now() + JOB_LEASE_MS);
      } catch (error) {
        logger.warn({ err: error, runKey }, "could not renew a job lease; retrying");
      }
    }, LEASE_RENEW_MS);
    renew.unref();
    const running = (async () => {
      try {
        await job.run({ deps, firedAt: at, runKey });
        await finishJobRun(db, { runKey, status: "done", at: now(), error: null });
      } catch (error) {
        await finishJobRun(db, { runKey, status: "failed", at: now(), error: error instanceof Error ? error.message : String(error) });
        logger.error({ err: error, runKey }, "scheduled job failed");
      } finally {
        clearInterval(renew);
      }
    })();
    inFlight.set(runKey, running);
    await running.finally(() => inFlight.delete(runKey));
    return true;
  }

  async function resumeInterrupted(at: Date): Promise<string[]> {
    const resumed: string[] = [];
    for (const interrupted of await interruptedJobRuns(db, at.getTime())) {
      const job = byName.get(interrupted.jobName);
      if (!job) continue; // a job that no longer exists
      logger.warn({ runKey: interrupted.runKey }, "taking up a job run that was interrupted");
      if (await run(job, interrupted.runKey, firedAtOf(interrupted.runKey, job.name))) resumed.push(interrupted.runKey);
    }
    return resumed;
  }

  function fireTimes(job: JobSpec, since: Date, until: Date): Date[] {
    const times: Date[] = [];
    const it = CronExpressionParser.parse(job.cron, { currentDate: since, endDate: until, tz: timezone });
    while (it.hasNext()) {
      const next = it.next().toDate();
      if (next.getTime() > until.getTime()) break;
      times.push(next);
    }
    return times;
  }

  async function advance(since: Date, until: Date): Promise<string[]> {
    const due = jobs.flatMap((job) => fireTimes(job, since, until).map((at) => ({ job, at })));
    due.sort((x, y) => x.at.getTime() - y.at.getTime() || jobs.indexOf(x.job) - jobs.indexOf(y.job));
    const ran: string[] = [];
    for (const { job, at } of due) if (await fire(job.name, at)) ran.push(runKeyOf(job.name, at));
    return ran;
  }

  async function catchUp(now: Date): Promise<string[]> {
    const ran: string[] = [];
    for (const job of jobs) {
      if (!job.catchUp) continue;
      const previous = CronExpressionParser.parse(job.cron, { currentDate: now, tz: timezone }).prev().toDate();
      if (await fire(job.name, previous)) ran.push(runKeyOf(job.name, previous));
    }
    return ran;
  }

  return {
    fire,
    advance,
    catchUp,
    resumeInterrupted,
    async start() {
      for (const job of jobs) {
        const task = cron.createTask(
          job.cron,
          async (context) => {
            // The scheduled minute, so a late timer still maps to the same run key.
            const at = new Date(Math.floor(context.date.getTime() / 60_000) * 60_000);
            await fire(job.name, at);
          },
          { name: job.name, timezone, noOverlap: true },
        );
        tasks.push(task);
        await task.start();
      }
      const resumed = await resumeInterrupted(options.clock.now());
      if (resumed.length > 0) logger.info({ resumed }, "took up job runs interrupted by a stop");
      const ran = await catchUp(options.clock.now());
      if (ran.length > 0) logger.info({ ran }, "ran jobs missed while the bot was down");
      // A run whose process died while this one is up (a second process sharing the database).
      const resume = () => resumeInterrupted(options.clock.now()).catch((error: unknown) => logger.error({ err: error }, "resuming job runs failed"));
      resumeTimer = setInterval(() => void resume(), LEASE_RENEW_MS);
      resumeTimer.unref();
    },
    async stop(graceMs = Number.POSITIVE_INFINITY) {
      clearInterval(resumeTimer);
      for (const task of tasks) await task.stop();
      const settled = Promise.allSettled([...inFlight.values()]);
      if (Number.isFinite(graceMs)) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
        clearTimeout(timer);
      } else await settled;
      for (const runKey of inFlight.keys()) {
        logger.warn({ runKey }, "stopping with a job run unfinished; the next start takes it up again");
        await releaseJobLease(db, runKey);
      }
    },
  };
}
