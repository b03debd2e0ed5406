import { stackedBar, lineChart } from "../../charts/kinds.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "../context.js";
import type { Report } from "./report.js";
import { count } from "../../domain/plural.js";
import { judgmentsPerDay } from "../../storage/repos/judgment-stats.repo.js";
import { campaignProgress } from "../campaign-progress.js";

/** Items complete / in progress / untouched, and judgments per day over the last 30 days. */
export async function progressReport(ctx: ServiceContext, campaign: CampaignRow): Promise<Report> {
  const { items, complete, partial, untouched, judgments, inProgress } = await campaignProgress(ctx, campaign.id);
  // The report's figures are the regular items' (its JSON keeps these keys, in this order).
  const counts = { items, complete, partial, untouched, judgments };
  const now = ctx.clock.now().getTime();
  const days = 30;
  const since = Math.floor(now / 86_400_000) - days + 1;
  const perDay = new Map((await judgmentsPerDay(ctx.db, campaign.id, since * 86_400_000)).map((r) => [Math.floor(r.day), r.judgments]));
  const x: string[] = [];
  const values: number[] = [];
  for (let d = since; d < since + days; d++) {
    x.push(new Date(d * 86_400_000).toISOString().slice(5, 10));
    values.push(perDay.get(d) ?? 0);
  }
  const lastWeek = values.slice(-7).reduce((a, b) => a + b, 0);
  const title = campaign.title ?? campaign.name;
  const summary = [
    `${counts.complete} of ${count(counts.items, "item")} complete (${counts.items ? Math.round((100 * counts.complete) / counts.items) : 0}%), ${inProgress} in progress, ${counts.untouched} untouched.`,
    `${count(counts.judgments, "judgment")} in all, ${lastWeek} in the last 7 days.`,
  ];
  // Nothing to draw yet: say so, and how to start, instead of charts of zeros.
  if (counts.items === 0)
    return {
      kind: "progress",
      campaign: campaign.name,
      title: `Progress of ${title}`,
      summary: [`No items yet: import some with \`pairwise import ${campaign.name} <file>\`.`],
      data: { ...counts, inProgress, perDay: {} },
      charts: [],
    };
  const charts = [
    stackedBar({
      title: `Progress · ${title}`,
      subtitle: summary[0]!,
      parts: [
        { name: "complete", value: counts.complete, color: "#3ba272" },
        { name: "in progress", value: inProgress, color: "#fac858" },
        { name: "untouched", value: counts.untouched, color: "#c8c8c8" },
      ],
    }),
    lineChart({ title: `Judgments per day, last 30 days · ${title}`, subtitle: summary[1]!, x, series: [{ name: "judgments", values }] }),
  ];
  return {
    kind: "progress",
    campaign: campaign.name,
    title: `Progress of ${title}`,
    summary,
    data: { ...counts, inProgress, perDay: Object.fromEntries(x.map((d, i) => [d, values[i]])) },
    charts,
  };
}
