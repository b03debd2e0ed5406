import type { DispatchDeps } from "../core/dispatch-context.js";

/** What a job run gets: the core's dependencies, the time it was due, and its idempotency key. */
interface JobContext {
  deps: DispatchDeps;
  /** The scheduled time this run stands for (not when it actually started). */
  firedAt: Date;
  /** `<job>:<firedAt ISO minute>`: a run with a key already recorded does nothing. */
  runKey: string;
}

/** One scheduled job. Jobs are thin: they call service verbs, which are idempotent themselves. */
export interface JobSpec {
  name: string;
  /** Cron expression (5 fields, or 6 with seconds) in PAIRWISE_TIMEZONE. */
  cron: string;
  /** When the bot was down at the last fire time, run that fire once at start. */
  catchUp: boolean;
  run(ctx: JobContext): Promise<void> | void;
}
