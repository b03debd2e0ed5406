import { reclaimExpiredLeases } from "../storage/repos/assignments.repo.js";
import { pruneJobRuns } from "../storage/repos/job-runs.repo.js";
import { pruneDeliveredOutbox } from "../storage/repos/webhooks.repo.js";
import { withTransaction } from "../services/context.js";
import { scheduleGoldChecks } from "../services/quality/scheduled-gold-checks.js";
import { runCalibrationSchedule } from "../core/handlers/calibration-schedule.js";
import { notifyLeads } from "../core/handlers/quality-notices.js";
import { notifyLeadsOn } from "../core/handlers/lead-notices.js";
import { personFor } from "../core/mentions.js";
import { inSentence } from "../domain/punctuation.js";
import type { PlatformName } from "../core/platform.js";
import { notice } from "../core/views.js";
import { checkDrift } from "../services/quality/drift.js";
import { dailyDigests } from "../services/daily-digest.js";
import { closeDuePolls } from "../core/handlers/poll-sweep.js";
import { advanceRunningBakeoffs } from "../core/handlers/bakeoff.js";
import { closeEndedBakeoffPairs } from "../core/handlers/bakeoff-ended.js";
import type { DueWorkEntry } from "./due-work.js";
import type { JobSpec } from "./job-spec.js";

/**
 * Everything the minute sweep does, in order. A feature with work that falls due adds its entry
 * here: the list is explicit, so what runs does not depend on which modules happened to be imported.
 */
export const DUE_WORK: readonly DueWorkEntry[] = [
  {
    name: "lease-expiry",
    work: async (deps, now) => {
      // Expired leases give their slots back even when nobody asks for a next item.
      for (let n = 1; n > 0; ) n = await withTransaction(deps.services, async () => await reclaimExpiredLeases(deps.services.db, now.getTime(), 500));
    },
  },
  {
    name: "scheduled-gold-checks",
    work: async (deps, now) => {
      const fired = await scheduleGoldChecks(deps.services, now, deps.timezone);
      if (fired.length > 0) deps.logger.info({ campaigns: fired }, "scheduled gold checks are due");
    },
  },
  { name: "calibration-rounds", work: (deps, now) => runCalibrationSchedule(deps, now) },
  { name: "poll-close", work: (deps, now) => closeDuePolls(deps, now) },
  { name: "bakeoffs", work: (deps) => advanceRunningBakeoffs(deps) },
  { name: "ended-bakeoff-pairs", work: (deps) => closeEndedBakeoffPairs(deps) },
  {
    name: "webhook-log-prune",
    work: async (deps, now) => {
      // The delivery log keeps 30 days of successful deliveries; failed ones stay until replayed or removed.
      for (let n = 1; n > 0; )
        n = await withTransaction(deps.services, async () => await pruneDeliveredOutbox(deps.services.db, now.getTime() - WEBHOOK_LOG_DAYS * 86_400_000, 500));
    },
  },
];

/** How long the webhook delivery log keeps successful deliveries. */
const WEBHOOK_LOG_DAYS = 30;

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
      await pruneJobRuns(deps.services.db, "sweep", now.getTime() - 2 * 86_400_000);
      for (const { name, work } of DUE_WORK) {
        try {
          await work(deps, now);
        } catch (error) {
          deps.logger.error({ err: error, work: name }, "due work failed");
        }
      }
    },
  },
  {
    name: "daily-digest",
    cron: "0 9 * * *",
    catchUp: true,
    async run({ deps, firedAt }) {
      for (const digest of await dailyDigests(deps.services, firedAt, deps.timezone)) {
        const title = inSentence(digest.campaign.title ?? digest.campaign.name);
        await notifyLeads(deps, digest.campaign, {
          text: `Daily digest · ${title} · ${digest.lines.join(" ")}`,
          blocks: [{ type: "header", text: `Daily digest · ${title}` }, ...digest.lines.map((text) => ({ type: "text" as const, text }))],
        }).catch((error: unknown) => deps.logger.error({ err: error, campaign: digest.campaign.name }, "digest failed"));
      }
    },
  },
  {
    name: "drift-check",
    cron: "0 6 * * MON",
    catchUp: true,
    async run({ deps, firedAt }) {
      for (const alert of await checkDrift(deps.services, firedAt)) {
        const title = inSentence(alert.campaign.title ?? alert.campaign.name);
        const change = `${alert.metric} fell from ${(alert.baseline * 100).toFixed(0)}% to ${(alert.current * 100).toFixed(0)}% last week`;
        const platform = deps.platforms.get(alert.annotator.platform as PlatformName);
        await platform
          ?.postMessage(
            { kind: "direct", user: { platform: platform.name, workspaceId: alert.annotator.workspaceId, userId: alert.annotator.userId } },
            notice(
              `In ${title}, your ${change}. Your next items are a short recalibration; it takes a few minutes with \`/pairwise next ${alert.campaign.name}\`.`,
              "warning",
            ),
          )
          .catch((error: unknown) => deps.logger.error({ err: error }, "drift DM failed"));
        // The annotator as a mention where the leads' channel is on their platform: a name, never an id.
        await notifyLeadsOn(deps, alert.campaign, (viewer) =>
          notice(`Drift in ${title}: ${personFor(viewer, alert.annotator)}: ${change}; recalibration scheduled.`, "warning"),
        ).catch((error: unknown) => deps.logger.error({ err: error }, "drift notice failed"));
      }
    },
  },
];
