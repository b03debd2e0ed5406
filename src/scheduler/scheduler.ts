import { CronExpressionParser } from "cron-parser";
import cron, { type ScheduledTask } from "node-cron";
import type { Clock } from "../clock.js";
import type { DispatchDeps } from "../core/dispatch-context.js";
import type { Logger } from "../logger.js";
import type { JobSpec } from "./job-spec.js";

export interface Scheduler {
  /** Registers the cron tasks and runs, once, every catch-up job whose last fire time was missed. */
  start(): Promise<void>;
  /** Stops the cron tasks and waits for runs in flight. */
  stop(): Promise<void>;
  /** Runs a job for the fire time `at` unless that run key already ran. Returns whether it ran. */
  fire(name: string, at: Date): Promise<boolean>;
  /** Runs every job whose cron fired in (since, until], in time order: how tests move through a week. */
  advance(since: Date, until: Date): Promise<string[]>;
  /** The catch-up pass `start` makes, exposed for tests. */
  catchUp(now: Date): Promise<string[]>;
}

/** A run key names one scheduled fire of a job, to the minute. */
export function runKeyOf(job: string, at: Date): string {
  return `${job}:${at.toISOString().slice(0, 16)}`;
}

/**
 * Runs the job table. node-cron triggers fires in real time; every fire goes through `fire`,
 * which records the run key in `job_runs` first, so a double fire, an overlap or a restart runs a
 * job at most once per key. Time comes from the injected clock; tests call `advance` instead of waiting.
 */
export function createScheduler(options: { jobs: readonly JobSpec[]; deps: DispatchDeps; clock: Clock; timezone: string; logger: Logger }): Scheduler {
  const { jobs, deps, timezone, logger } = options;
  const db = deps.services.db.$client;
  const claim = db.prepare("INSERT INTO job_runs (run_key, job_name, status, started_at) VALUES (?, ?, 'running', ?) ON CONFLICT (run_key) DO NOTHING");
  const finish = db.prepare("UPDATE job_runs SET status = ?, finished_at = ?, error = ? WHERE run_key = ?");
  const tasks: ScheduledTask[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const byName = new Map(jobs.map((j) => [j.name, j]));

  for (const job of jobs) {
    if (!cron.validate(job.cron)) throw new Error(`job ${job.name}: invalid cron expression "${job.cron}"`);
  }

  async function fire(name: string, at: Date): Promise<boolean> {
    const job = byName.get(name);
    if (!job) throw new Error(`no job named ${name}`);
    const runKey = runKeyOf(name, at);
    if (claim.run(runKey, name, options.clock.now().getTime()).changes === 0) {
      logger.debug({ runKey }, "job run already recorded; skipped");
      return false;
    }
    const run = (async () => {
      try {
        await job.run({ deps, firedAt: at, runKey });
        finish.run("done", options.clock.now().getTime(), null, runKey);
      } catch (error) {
        finish.run("failed", options.clock.now().getTime(), error instanceof Error ? error.message : String(error), runKey);
        logger.error({ err: error, runKey }, "scheduled job failed");
      }
    })();
    inFlight.add(run);
    await run.finally(() => inFlight.delete(run));
    return true;
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
      const ran = await catchUp(options.clock.now());
      if (ran.length > 0) logger.info({ ran }, "ran jobs missed while the bot was down");
    },
    async stop() {
      for (const task of tasks) await task.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}
