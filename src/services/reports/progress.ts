import { stackedBar, lineChart } from "../../charts/kinds.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "../context.js";
import type { Report } from "./report.js";
import { count } from "../../domain/plural.js";
import { humanJudgment } from "../../storage/human-judgments.js";

/** Items complete / in progress / untouched, and judgments per day over the last 30 days. */
export function progressReport(ctx: ServiceContext, campaign: CampaignRow): Report {
  const c = ctx.db.$client;
  const counts = c
    .prepare(
      `SELECT count(*) AS items, coalesce(sum(done_count >= target_overlap), 0) AS complete, coalesce(sum(done_count > 0 AND done_count < target_overlap), 0) AS partial,
              coalesce(sum(active_count = 0 AND done_count = 0), 0) AS untouched, coalesce(sum(done_count), 0) AS judgments
       FROM comparisons WHERE campaign_id = ? AND kind = 'regular'`,
    )
    .get(campaign.id) as { items: number; complete: number; partial: number; untouched: number; judgments: number };
  const inProgress = counts.items - counts.complete - counts.untouched;
  const now = ctx.clock.now().getTime();
  const days = 30;
  const since = Math.floor(now / 86_400_000) - days + 1;
  const perDay = new Map(
    (
      c
        .prepare(`SELECT created_at / 86400000 AS d, count(*) AS n FROM judgments WHERE campaign_id = ? AND created_at >= ? AND ${humanJudgment()} GROUP BY d`)
        .all(campaign.id, since * 86_400_000) as { d: number; n: number }[]
    ).map((r) => [Math.floor(r.d), r.n]),
  );
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
