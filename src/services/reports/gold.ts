import { barChart } from "../../charts/kinds.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { campaignSettings } from "../find-campaign.js";
import type { ServiceContext } from "../context.js";
import { annotatorNamer } from "../../io/export/annotator-name.js";
import { leadNamer } from "./lead-names.js";
import { pct, type Report } from "./report.js";
import { recentGoldAnswers } from "../../storage/repos/judgment-stats.repo.js";
import { count } from "../../domain/plural.js";

/** Gold accuracy per annotator over their last 25 check items, with the campaign's threshold. */
export async function goldReport(ctx: ServiceContext, campaign: CampaignRow): Promise<Report> {
  const threshold = campaignSettings(campaign).thresholds.goldAccuracy;
  const label = await annotatorNamer(ctx.db);
  const leadLabel = await leadNamer(ctx.db);
  const rows = await recentGoldAnswers(ctx.db, campaign.id, 25);
  const title = campaign.title ?? campaign.name;
  const below = rows.filter((r) => r.answered >= 10 && r.correct / r.answered < threshold);
  const summary =
    rows.length === 0
      ? ["No gold item has been answered yet."]
      : [`${count(rows.length, "annotator")} answered gold items; ${below.length} under the ${pct(threshold)} threshold (judged from 10 answers).`];
  const accuracy = rows.map((r) => r.correct / r.answered);
  return {
    kind: "gold",
    campaign: campaign.name,
    title: `Gold accuracy in ${title}`,
    summary,
    data: {
      threshold,
      annotators: rows.map((r, i) => ({ annotator: label(r), answered: r.answered, correct: r.correct, accuracy: accuracy[i], status: r.status })),
    },
    charts:
      rows.length > 0
        ? [
            barChart({
              title: `Gold accuracy · ${title}`,
              subtitle: "last 25 check items per annotator",
              labels: rows.map((r) => leadLabel(r)),
              values: accuracy,
              valueLabels: rows.map((r, i) => `${pct(accuracy[i])} of ${r.answered}`),
              percent: true,
              max: 1,
              reference: { value: threshold, label: `threshold ${pct(threshold)}` },
              colors: accuracy.map((a, i) => (rows[i]!.answered >= 10 && a < threshold ? "#ee6666" : "#5470c6")),
            }),
          ]
        : [],
  };
}
