import { describe, expect, it } from "vitest";
import { createScheduler } from "../../../src/scheduler/scheduler.js";
import type { JobSpec } from "../../../src/scheduler/job-spec.js";
import { JOBS } from "../../../src/scheduler/jobs.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";

function recordingJob(name: string, cron: string, catchUp: boolean, log: string[]): JobSpec {
  return { name, cron, catchUp, run: ({ runKey }) => void log.push(runKey) };
}

describe("scheduler", () => {
  it("runs a fire time once, however often it fires (double fire, restart)", async () => {
    const core = createTestCore();
    const log: string[] = [];
    const jobs = [recordingJob("digest", "0 9 * * *", true, log)];
    const a = createScheduler({ jobs, deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger });
    const at = new Date("2026-01-05T09:00:00Z");
    expect(await a.fire("digest", at)).toBe(true);
    expect(await a.fire("digest", at)).toBe(false);
    // A second scheduler on the same database (a restart) sees the recorded run.
    const b = createScheduler({ jobs, deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger });
    expect(await b.fire("digest", at)).toBe(false);
    expect(log).toEqual(["digest:2026-01-05T09:00"]);
  });

  it("runs a job missed while the bot was down once at start, and only the latest fire", async () => {
    const core = createTestCore({ start: "2026-01-07T12:00:00Z" });
    const log: string[] = [];
    const jobs = [recordingJob("digest", "0 9 * * *", true, log), recordingJob("noisy", "*/5 * * * *", false, log)];
    const scheduler = createScheduler({ jobs, deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger });
    expect(await scheduler.catchUp(core.clock.now())).toEqual(["digest:2026-01-07T09:00"]);
    expect(await scheduler.catchUp(core.clock.now())).toEqual([]);
    expect(log).toEqual(["digest:2026-01-07T09:00"]);
  });

  it("moves through a week with an injected clock, honouring the time zone", async () => {
    const core = createTestCore({ start: "2026-01-05T00:00:00Z" });
    const log: string[] = [];
    const jobs = [recordingJob("monday", "0 9 * * MON", true, log)];
    const scheduler = createScheduler({ jobs, deps: core.deps, clock: core.clock, timezone: "America/New_York", logger: core.deps.logger });
    const since = core.clock.now();
    core.clock.advance(14 * 86_400_000);
    const ran = await scheduler.advance(since, core.clock.now());
    // 09:00 in New York in January is 14:00 UTC.
    expect(ran).toEqual(["monday:2026-01-05T14:00", "monday:2026-01-12T14:00"]);
  });

  it("a replica that does not lead runs nothing; once it leads, it runs what is due", async () => {
    const core = createTestCore();
    const log: string[] = [];
    let leads = false;
    const jobs = [recordingJob("digest", "0 9 * * *", true, log)];
    const scheduler = createScheduler({
      jobs,
      deps: core.deps,
      clock: core.clock,
      timezone: "UTC",
      logger: core.deps.logger,
      leadership: { isLeader: () => leads },
    });
    const at = new Date("2026-01-05T09:00:00Z");
    expect(await scheduler.fire("digest", at)).toBe(false);
    expect(log).toEqual([]);
    leads = true;
    expect(await scheduler.fire("digest", at)).toBe(true);
    expect(log).toEqual(["digest:2026-01-05T09:00"]);
  });

  it("refuses an invalid cron expression at registration", () => {
    const core = createTestCore();
    expect(() =>
      createScheduler({ jobs: [recordingJob("bad", "every day", false, [])], deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger }),
    ).toThrow(/invalid cron expression/);
  });

  it("sweeps expired leases back into the pool", async () => {
    const core = createTestCore();
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\noverlap: 1\nleaseMinutes: 5\ngoldRate: 0");
    seedComparisons(core, c.id, 1, { overlap: 1 });
    await nextAssignment(core.services, { campaign: "c", annotator: { platform: "slack", workspaceId: "T", userId: "U1" } });
    const scheduler = createScheduler({ jobs: JOBS, deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger });
    const since = core.clock.now();
    core.clock.advance(6 * 60_000);
    await scheduler.advance(since, core.clock.now());
    expect(
      core.services.db.$client.prepare("SELECT a.status, c.active_count, c.full FROM assignments a JOIN comparisons c ON c.id = a.comparison_id").get(),
    ).toEqual({ status: "expired", active_count: 0, full: 0 });
  });
});
