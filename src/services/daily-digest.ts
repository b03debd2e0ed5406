import { listCampaignRows, type CampaignRow } from "../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "./context.js";
import { agreementSummary } from "../io/export/agreement-summary.js";
import { humanJudgment } from "../storage/human-judgments.js";

export interface Digest {
  campaign: CampaignRow;
  lines: string[];
}

/**
 * Yesterday in each active campaign, for the leads' channel: judgments and items completed,
 * agreement so far, and alerts (annotators needing calibration, items waiting for adjudication,
 * judgments flagged as anomalies).
 */
export function dailyDigests(ctx: ServiceContext, day: Date): Digest[] {
  const end = Math.floor(day.getTime() / 86_400_000) * 86_400_000;
  const start = end - 86_400_000;
  const c = ctx.db.$client;
  return listCampaignRows(ctx.db)
    .filter((campaign) => campaign.status === "active")
    .map((campaign) => {
      const judged = (c.prepare(`SELECT count(*) AS n, count(DISTINCT annotator_id) AS people FROM judgments WHERE campaign_id = ? AND created_at >= ? AND created_at < ? AND ${humanJudgment()}`).get(campaign.id, start, end) as { n: number; people: number });
      const progress = c.prepare("SELECT count(*) AS items, coalesce(sum(done_count >= target_overlap), 0) AS complete FROM comparisons WHERE campaign_id = ? AND kind = 'regular'").get(campaign.id) as { items: number; complete: number };
      const pending = (c.prepare("SELECT count(*) AS n FROM adjudications WHERE campaign_id = ? AND status = 'pending'").get(campaign.id) as { n: number }).n;
      const flags = (c.prepare("SELECT count(*) AS n FROM judgment_flags f JOIN judgments j ON j.id = f.judgment_id WHERE j.campaign_id = ? AND f.created_at >= ? AND f.created_at < ?").get(campaign.id, start, end) as { n: number }).n;
      const needs = (c.prepare(`SELECT count(DISTINCT a.id) AS n FROM annotators a JOIN judgments j ON j.annotator_id = a.id WHERE j.campaign_id = ? AND a.status = 'needs_calibration' AND ${humanJudgment("j")}`).get(campaign.id) as { n: number }).n;
      const agreement = agreementSummary(ctx.db, campaign.id, { samples: 100 });
      const alpha = agreement.krippendorffAlphaNominal;
      const lines = [
        `${judged.n} judgments by ${judged.people} people on ${new Date(start).toISOString().slice(0, 10)}; ${progress.complete} of ${progress.items} items complete.`,
        alpha ? `Agreement so far: Krippendorff's alpha ${alpha.value.toFixed(3)} [${alpha.ci95[0].toFixed(3)}, ${alpha.ci95[1].toFixed(3)}].` : "Agreement: not measurable yet.",
      ];
      const alerts = [
        needs > 0 ? `${needs} annotator${needs === 1 ? "" : "s"} need calibration` : "",
        pending > 0 ? `${pending} item${pending === 1 ? "" : "s"} wait for adjudication (/pairwise adjudicate ${campaign.name})` : "",
        flags > 0 ? `${flags} judgment${flags === 1 ? "" : "s"} flagged` : "",
      ].filter(Boolean);
      lines.push(alerts.length > 0 ? `Alerts: ${alerts.join("; ")}.` : "No alerts.");
      return { campaign, lines };
    });
}
