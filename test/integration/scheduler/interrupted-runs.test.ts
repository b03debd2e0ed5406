import { describe, expect, it } from "vitest";
import type { JobSpec } from "../../../src/scheduler/job-spec.js";
import { createScheduler, JOB_LEASE_MS } from "../../../src/scheduler/scheduler.js";
import { createTestCore, type TestCore } from "../../helpers/core.js";
import { waitFor } from "../../helpers/wait-for.js";

/** A job that records each start and, on its first start, never finishes: the process "dies" in it. */
function jobDyingOnce(log: string[]): JobSpec {
  return {
    name: "digest",
    cron: "0 9 * * *",
    catchUp: false,
    run: ({ runKey }) => {
      log.push(runKey);
      return log.length === 1 ? new Promise<void>(() => undefined) : undefined;
    },
  };
}

function schedulerOn(core: TestCore, jobs: JobSpec[]) {
  return createScheduler({ jobs, deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger });
}

const runRow = (core: TestCore) => core.services.db.$client.prepare("SELECT status, attempts FROM job_runs WHERE run_key = 'digest:2026-01-05T09:00'").get();

describe("scheduler runs interrupted by a crash", () => {
  it("are taken up again under the same key once their lease ran out, and only once", async () => {
    const core = createTestCore({ start: "2026-01-05T09:00:00Z" });
    const log: string[] = [];
    const crashed = schedulerOn(core, [jobDyingOnce(log)]);
    void crashed.fire("digest", core.clock.now());
    await waitFor(() => log.length === 1, "the first run to start");
    expect(runRow(core)).toEqual({ status: "running", attempts: 1 });

    // The restarted process: the crashed run still holds its lease for a while.
    const restarted = schedulerOn(core, [jobDyingOnce(log)]);
    expect(await restarted.resumeInterrupted(core.clock.now())).toEqual([]);
    core.clock.advance(JOB_LEASE_MS + 1000);
    expect(await restarted.resumeInterrupted(core.clock.now())).toEqual(["digest:2026-01-05T09:00"]);
    expect(log).toEqual(["digest:2026-01-05T09:00", "digest:2026-01-05T09:00"]);
    expect(runRow(core)).toEqual({ status: "done", attempts: 2 });
    // Done is done: no third run, however it is asked for.
    expect(await restarted.resumeInterrupted(core.clock.now())).toEqual([]);
    expect(await restarted.fire("digest", new Date("2026-01-05T09:00:00Z"))).toBe(false);
    expect(log).toHaveLength(2);
  });

  it("a stop that cannot wait for a run gives its lease up, and the next start takes it up at once", async () => {
    const core = createTestCore({ start: "2026-01-05T09:00:00Z" });
    const log: string[] = [];
    const first = schedulerOn(core, [jobDyingOnce(log)]);
    void first.fire("digest", core.clock.now());
    await waitFor(() => log.length === 1, "the first run to start");
    await first.stop(10);

    const next = schedulerOn(core, [jobDyingOnce(log)]);
    await next.start();
    await next.stop();
    expect(log).toEqual(["digest:2026-01-05T09:00", "digest:2026-01-05T09:00"]);
    expect(runRow(core)).toEqual({ status: "done", attempts: 2 });
  });

  it("a run recorded as running before leases existed counts as interrupted", async () => {
    const core = createTestCore({ start: "2026-01-05T10:00:00Z" });
    core.services.db.$client
      .prepare("INSERT INTO job_runs (run_key, job_name, status, started_at, lease_until) VALUES ('digest:2026-01-05T09:00', 'digest', 'running', ?, NULL)")
      .run(Date.parse("2026-01-05T09:00:00Z"));
    const log: string[] = [];
    const scheduler = schedulerOn(core, [{ name: "digest", cron: "0 9 * * *", catchUp: false, run: ({ runKey }) => void log.push(runKey) }]);
    expect(await scheduler.resumeInterrupted(core.clock.now())).toEqual(["digest:2026-01-05T09:00"]);
    expect(log).toEqual(["digest:2026-01-05T09:00"]);
  });
});
