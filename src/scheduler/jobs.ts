import { reclaimExpiredLeases } from "../storage/repos/assignments.repo.js";
import { withTransaction } from "../services/context.js";
import { scheduleGoldChecks } from "../services/quality/scheduled-gold-checks.js";
import { runCalibrationSchedule } from "../core/handlers/calibration-schedule.js";
import { dueWork, registerDueWork } from "./due-work.js";
import type { JobSpec } from "./job-spec.js";

registerDueWork("lease-expiry", (deps, now) => {
  // Expired leases give their slots back even when nobody asks for a next item.
  for (let n = 1; n > 0; ) n = withTransaction(deps.services, () => reclaimExpiredLeases(deps.services.db, now.getTime(), 500));
});

registerDueWork("scheduled-gold-checks", (deps, now) => {
  const fired = scheduleGoldChecks(deps.services, now, deps.timezone);
  if (fired.length > 0) deps.logger.info({ campaigns: fired }, "scheduled gold checks are due");
});

registerDueWork("calibration-rounds", (deps, now) => runCalibrationSchedule(deps, now));

/**
 * The job table. `sweep` runs every minute and does whatever fell due (it also runs once at start,
 * which is how work missed while the bot was down runs once).
 */
export const JOBS: readonly JobSpec[] = [
  {
    name: "sweep",
    cron: "* * * * *",
    catchUp: true,
    async run({ deps, firedAt }) {
      // Never act on a time later than now: a catch-up fire stands for a past minute.
      const now = new Date(Math.min(firedAt.getTime() + 59_999, deps.services.clock.now().getTime()));
      // Keep two days of sweep runs: enough to see what ran, not a row a minute forever.
      deps.services.db.$client.prepare("DELETE FROM job_runs WHERE job_name = 'sweep' AND started_at < ?").run(now.getTime() - 2 * 86_400_000);
      for (const { name, work } of dueWork()) {
        try {
          await work(deps, now);
        } catch (error) {
          deps.logger.error({ err: error, work: name }, "due work failed");
        }
      }
    },
  },
];
