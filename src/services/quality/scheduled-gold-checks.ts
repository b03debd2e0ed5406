import { CronExpressionParser } from "cron-parser";
import { listCampaignRows } from "../../storage/repos/campaigns.repo.js";
import { campaignSettings } from "../find-campaign.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { recordFinishedJobRun } from "../../storage/repos/job-runs.repo.js";
import { oweGoldChecks } from "../../storage/repos/gold-due.repo.js";

/** Annotators who judged in the campaign within this window count as active. */
export const ACTIVE_WINDOW_MS = 14 * 86_400_000;

/**
 * For each active campaign with `goldChecks.cron`: when a fire time has passed (the latest one,
 * once, keyed in job_runs), every active annotator owes a gold check: their next assignment in the
 * campaign is a gold item, however the random injection falls. Returns the campaigns that fired.
 */
export async function scheduleGoldChecks(ctx: ServiceContext, now: Date, timezone: string): Promise<string[]> {
  const fired: string[] = [];
  for (const campaign of await listCampaignRows(ctx.db)) {
    if (campaign.status !== "active") continue;
    const cron = campaignSettings(campaign).goldChecks?.cron;
    if (!cron) continue;
    const at = CronExpressionParser.parse(cron, { currentDate: now, tz: timezone }).prev().toDate();
    // Fire times before the campaign existed are not owed.
    if (at.getTime() < campaign.createdAt.getTime()) continue;
    const key = `gold-checks:${campaign.id}:${at.toISOString().slice(0, 16)}`;
    await withTransaction(ctx, async () => {
      if (!(await recordFinishedJobRun(ctx.db, { runKey: key, jobName: "gold-checks", at: now.getTime() }))) return;
      await oweGoldChecks(ctx.db, { campaignId: campaign.id, dueSince: at.getTime(), activeSince: now.getTime() - ACTIVE_WINDOW_MS });
      fired.push(campaign.name);
    });
  }
  return fired;
}
