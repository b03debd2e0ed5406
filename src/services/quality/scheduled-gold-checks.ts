import { CronExpressionParser } from "cron-parser";
import { listCampaignRows } from "../../storage/repos/campaigns.repo.js";
import { campaignSettings } from "../find-campaign.js";
import { withTransaction, type ServiceContext } from "../context.js";

/** Annotators who judged in the campaign within this window count as active. */
export const ACTIVE_WINDOW_MS = 14 * 86_400_000;

/**
 * For each active campaign with `goldChecks.cron`: when a fire time has passed (the latest one,
 * once, keyed in job_runs), every active annotator owes a gold check: their next assignment in the
 * campaign is a gold item, however the random injection falls. Returns the campaigns that fired.
 */
export function scheduleGoldChecks(ctx: ServiceContext, now: Date, timezone: string): string[] {
  const fired: string[] = [];
  for (const campaign of listCampaignRows(ctx.db)) {
    if (campaign.status !== "active") continue;
    const cron = campaignSettings(campaign).goldChecks?.cron;
    if (!cron) continue;
    const at = CronExpressionParser.parse(cron, { currentDate: now, tz: timezone }).prev().toDate();
    // Fire times before the campaign existed are not owed.
    if (at.getTime() < campaign.createdAt.getTime()) continue;
    const key = `gold-checks:${campaign.id}:${at.toISOString().slice(0, 16)}`;
    withTransaction(ctx, () => {
      const c = ctx.db.$client;
      const claimed = c
        .prepare("INSERT INTO job_runs (run_key, job_name, status, started_at, finished_at) VALUES (?, 'gold-checks', 'done', ?, ?) ON CONFLICT DO NOTHING")
        .run(key, now.getTime(), now.getTime()).changes;
      if (claimed === 0) return;
      c.prepare(
        `INSERT INTO gold_due (campaign_id, annotator_id, due_since)
         SELECT DISTINCT ?, annotator_id, ? FROM judgments WHERE campaign_id = ? AND source = 'platform' AND created_at >= ?
         ON CONFLICT DO NOTHING`,
      ).run(campaign.id, at.getTime(), campaign.id, now.getTime() - ACTIVE_WINDOW_MS);
      fired.push(campaign.name);
    });
  }
  return fired;
}
