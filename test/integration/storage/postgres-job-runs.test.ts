import { afterEach, describe, expect, it } from "vitest";
import type { JobSpec } from "../../../src/scheduler/job-spec.js";
import { createScheduler, JOB_LEASE_MS } from "../../../src/scheduler/scheduler.js";
import { claimJobRun, finishJobRun, jobRunsBetween, pruneJobRuns, recordFinishedJobRun } from "../../../src/storage/repos/job-runs.repo.js";
import { waitFor } from "../../helpers/wait-for.js";
import { coreKeeper, DIALECTS, rows, type AnyCore } from "./pipeline/dialects.js";

/*
 * The scheduler's job runs on SQLite and PostgreSQL (test/integration/scheduler/*.test.ts run more
 * of this on SQLite): a run key runs once, however often and from however many schedulers it
 * fires, and of claims made at the same moment exactly one wins. On a PostgreSQL server the
 * concurrent claims run on separate pooled connections.
 */

const cores = coreKeeper();
afterEach(() => cores.closeAll());

const AT = new Date("2026-01-05T09:00:00Z");
const KEY = "digest:2026-01-05T09:00";

function schedulerOn(core: AnyCore, jobs: JobSpec[]) {
  return createScheduler({ jobs, deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger });
}
const recording = (log: string[]): JobSpec => ({ name: "digest", cron: "0 9 * * *", catchUp: true, run: ({ runKey }) => void log.push(runKey) });
/** A job that, on its first start, never finishes: the process "dies" in it. */
const dyingOnce = (log: string[]): JobSpec => ({
  name: "digest",
  cron: "0 9 * * *",
  catchUp: false,
  run: ({ runKey }) => {
    log.push(runKey);
    return log.length === 1 ? new Promise<void>(() => undefined) : undefined;
  },
});
const runRow = (core: AnyCore) => rows(core, "SELECT status, attempts FROM job_runs WHERE run_key = ?", KEY);

describe.each(DIALECTS)("job runs on %s", (_name, factory) => {
  it("runs a fire time once, however often it fires (double fire, restart)", async () => {
    const core = await cores.make(factory);
    const log: string[] = [];
    const a = schedulerOn(core, [recording(log)]);
    expect(await a.fire("digest", AT)).toBe(true);
    expect(await a.fire("digest", AT)).toBe(false);
    expect(await schedulerOn(core, [recording(log)]).fire("digest", AT)).toBe(false);
    expect(log).toEqual([KEY]);
    expect(await runRow(core)).toEqual([{ status: "done", attempts: 1 }]);
  });

  it("of schedulers firing one run key at the same moment, exactly one runs it", async () => {
    const core = await cores.make(factory);
    const log: string[] = [];
    const schedulers = Array.from({ length: 6 }, () => schedulerOn(core, [recording(log)]));
    const fired = await Promise.all(schedulers.map((s) => s.fire("digest", AT)));
    expect(fired.filter(Boolean)).toHaveLength(1);
    expect(log).toEqual([KEY]);
    expect(await runRow(core)).toEqual([{ status: "done", attempts: 1 }]);
  });

  it("of claims of one run key made at the same moment, exactly one wins; a finished key is never claimed again", async () => {
    const core = await cores.make(factory);
    const db = core.services.db;
    const now = AT.getTime();
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimJobRun(db, { runKey: KEY, jobName: "digest", now, leaseUntil: now + JOB_LEASE_MS })));
    expect(claims.filter(Boolean)).toHaveLength(1);
    // Its lease live: refused; run out: taken over (the process died), once.
    expect(await claimJobRun(db, { runKey: KEY, jobName: "digest", now: now + 1000, leaseUntil: now + 1000 + JOB_LEASE_MS })).toBe(false);
    const later = now + JOB_LEASE_MS + 1;
    const takeovers = await Promise.all(
      Array.from({ length: 4 }, () => claimJobRun(db, { runKey: KEY, jobName: "digest", now: later, leaseUntil: later + JOB_LEASE_MS })),
    );
    expect(takeovers.filter(Boolean)).toHaveLength(1);
    expect(await runRow(core)).toEqual([{ status: "running", attempts: 2 }]);
    await finishJobRun(db, { runKey: KEY, status: "done", at: later + 5, error: null });
    expect(await claimJobRun(db, { runKey: KEY, jobName: "digest", now: later * 2, leaseUntil: later * 2 + JOB_LEASE_MS })).toBe(false);

    const recorded = await Promise.all(Array.from({ length: 4 }, () => recordFinishedJobRun(db, { runKey: "gold:1", jobName: "gold", at: now })));
    expect(recorded.filter(Boolean)).toHaveLength(1);
    expect(await jobRunsBetween(db, now, later + 1)).toBe(2);
    await pruneJobRuns(db, "gold", now + 1);
    expect(await jobRunsBetween(db, now, later + 1)).toBe(1);
  });

  it("a run interrupted by a crash is taken up again under the same key once its lease ran out, and only once", async () => {
    const core = await cores.make(factory);
    const log: string[] = [];
    void schedulerOn(core, [dyingOnce(log)]).fire("digest", core.clock.now());
    await waitFor(() => log.length === 1, "the first run to start");
    expect(await runRow(core)).toEqual([{ status: "running", attempts: 1 }]);
    const restarted = schedulerOn(core, [dyingOnce(log)]);
    expect(await restarted.resumeInterrupted(core.clock.now())).toEqual([]);
    core.clock.advance(JOB_LEASE_MS + 1000);
    expect(await restarted.resumeInterrupted(core.clock.now())).toEqual([KEY]);
    expect(log).toEqual([KEY, KEY]);
    expect(await runRow(core)).toEqual([{ status: "done", attempts: 2 }]);
    expect(await restarted.resumeInterrupted(core.clock.now())).toEqual([]);
    expect(await restarted.fire("digest", AT)).toBe(false);
  });
});
