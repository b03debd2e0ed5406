import { lineChart } from "../../charts/kinds.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { campaignWeeklyFigures } from "../../storage/repos/weekly-figures.repo.js";
import type { ServiceContext } from "../context.js";
import { pct, type Report } from "./report.js";
import { count } from "../../domain/plural.js";

/** Weekly agreement with peers and gold accuracy (averages over annotators), from the drift check's records. */
export async function driftReport(ctx: ServiceContext, campaign: CampaignRow): Promise<Report> {
  const weeks = await campaignWeeklyFigures(ctx.db, campaign.id);
  const title = campaign.title ?? campaign.name;
  if (weeks.length === 0)
    return {
      kind: "drift",
      campaign: campaign.name,
      title: `Drift in ${title}`,
      summary: ["No weekly figures yet: the drift check runs on Mondays and records the week before."],
      data: { weeks: [] },
      charts: [],
    };
  const last = weeks[weeks.length - 1]!;
  return {
    kind: "drift",
    campaign: campaign.name,
    title: `Drift in ${title}`,
    summary: [
      `Week of ${new Date(last.week).toISOString().slice(0, 10)}: agreement ${pct(last.agreement)}, gold accuracy ${pct(last.gold)}, ${count(last.judgments, "judgment")} by ${count(last.annotators, "annotator")}.`,
    ],
    data: { weeks },
    charts: [
      lineChart({
        title: `Weekly agreement and gold accuracy · ${title}`,
        x: weeks.map((w) => new Date(w.week).toISOString().slice(0, 10)),
        series: [
          { name: "agreement with peers", values: weeks.map((w) => w.agreement) },
          { name: "gold accuracy", values: weeks.map((w) => w.gold) },
        ],
        percent: true,
      }),
    ],
  };
}
