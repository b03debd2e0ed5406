import { listCampaignRows, type CampaignRow } from "../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "./context.js";
import { agreementSummary } from "../io/export/agreement-summary.js";
import { flagsBetween, judgedBetween, needingCalibrationCount, pendingAdjudicationCount } from "../storage/repos/digest.repo.js";
import { campaignProgress } from "./campaign-progress.js";
import { jobRunsBetween } from "../storage/repos/job-runs.repo.js";
import { previousDayIn } from "../domain/format-time.js";
import { count } from "../domain/plural.js";

export interface Digest {
  campaign: CampaignRow;
  lines: string[];
}

/**
 * Yesterday (the day before `day`, in the team's time zone) in each active campaign, for the leads'
 * channel: judgments and items completed, agreement so far, and alerts (annotators needing
 * calibration, items waiting for adjudication, judgments flagged as anomalies). Only about a day
 * the bot ran (a job run started that day: a first start, or a start after days down, reports
 * nothing about days it did not see), and only for campaigns where something happened that day
 * (judgments or flags), so leads never get a page of "0 judgments".
 */
export async function dailyDigests(ctx: ServiceContext, day: Date, zone = "UTC"): Promise<Digest[]> {
  const { start, end, date } = previousDayIn(zone, day);
  if ((await jobRunsBetween(ctx.db, start, end)) === 0) return [];
  return (
    await Promise.all(
      (
        await listCampaignRows(ctx.db)
      )
        .filter((campaign) => campaign.status === "active")
        .map(async (campaign) => {
          const judged = await judgedBetween(ctx.db, campaign.id, start, end);
          const flags = await flagsBetween(ctx.db, campaign.id, start, end);
          if (judged.judgments === 0 && flags === 0) return [];
          const progress = await campaignProgress(ctx, campaign.id);
          const pending = await pendingAdjudicationCount(ctx.db, campaign.id);
          const needs = await needingCalibrationCount(ctx.db, campaign.id);
          const agreement = await agreementSummary(ctx.db, campaign.id, { samples: 100 });
          const alpha = agreement.krippendorffAlphaNominal;
          const lines = [
            `${count(judged.judgments, "judgment")} by ${count(judged.people, "person", "people")} on ${date}; ${progress.complete} of ${count(progress.items, "item")} complete.`,
            alpha
              ? `Agreement so far: Krippendorff's alpha ${alpha.value.toFixed(3)} [${alpha.ci95[0].toFixed(3)}, ${alpha.ci95[1].toFixed(3)}].`
              : "Agreement: not measurable yet.",
          ];
          const alerts = [
            needs > 0 ? `${needs} annotator${needs === 1 ? "" : "s"} need calibration` : "",
            pending > 0 ? `${pending} item${pending === 1 ? "" : "s"} wait for adjudication (/pairwise adjudicate ${campaign.name})` : "",
            flags > 0 ? `${flags} judgment${flags === 1 ? "" : "s"} flagged` : "",
          ].filter(Boolean);
          lines.push(alerts.length > 0 ? `Alerts: ${alerts.join("; ")}.` : "No alerts.");
          return [{ campaign, lines }];
        }),
    )
  ).flat();
}
