import { barChart } from "../../charts/kinds.js";
import { biasReport as computeBias, type BiasObservation } from "../../stats/index.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "../context.js";
import { annotatorNamer } from "../../io/export/annotator-name.js";
import { leadNamer } from "./lead-names.js";
import { num, pct, type Report } from "./report.js";
import { humanJudgment } from "../../storage/human-judgments.js";

/** Position bias (first-shown preferred) and length bias (longer preferred), overall and per annotator. */
export function biasReport(ctx: ServiceContext, campaign: CampaignRow): Report {
  const label = annotatorNamer(ctx.db);
  const rows = ctx.db.$client
    .prepare(
      `SELECT a.platform, a.workspace_id AS workspaceId, a.user_id AS userId, j.display_order, j.choice, length(x.response_a) AS la, length(x.response_b) AS lb
       FROM judgments j JOIN comparisons x ON x.id = j.comparison_id JOIN annotators a ON a.id = j.annotator_id
       WHERE j.campaign_id = ? AND j.display_order IS NOT NULL AND ${humanJudgment("j")}`,
    )
    .all(campaign.id) as {
    platform: string;
    workspaceId: string;
    userId: string;
    display_order: "ab" | "ba";
    choice: BiasObservation["choice"];
    la: number;
    lb: number;
  }[];
  const observations: BiasObservation[] = rows.map((r) => ({
    annotator: label(r),
    shownFirst: r.display_order === "ab" ? "a" : "b",
    choice: r.choice,
    lengthA: r.la,
    lengthB: r.lb,
  }));
  const bias = computeBias(observations);
  const title = campaign.title ?? campaign.name;
  // Imported labels were not shown by the bot: nobody knows which response their annotator saw first.
  const unplaced = (
    ctx.db.$client
      .prepare(`SELECT count(*) AS n FROM judgments j WHERE j.campaign_id = ? AND j.display_order IS NULL AND j.choice IN ('a', 'b') AND ${humanJudgment("j")}`)
      .get(campaign.id) as { n: number }
  ).n;
  const unplacedNote =
    unplaced > 0
      ? [
          `${unplaced.toLocaleString("en-US")} imported preference${unplaced === 1 ? "" : "s"} left out: the order their annotators saw the responses in is unknown.`,
        ]
      : [];
  const summary =
    bias.position.n === 0
      ? [`No preferences made in chat yet (ties and both-bad are left out): position and length bias cannot be measured.`, ...unplacedNote]
      : [
          `Response shown first preferred in ${pct(bias.position.share)} of ${bias.position.n} preferences (binomial p = ${num(bias.position.pValue, 4)} against 50%).`,
          bias.length.n === 0
            ? "Length bias cannot be measured: the two responses never differ in length."
            : `Longer response preferred in ${pct(bias.length.share)} of ${bias.length.n} (p = ${num(bias.length.pValue, 4)}). Ties and both-bad are left out.`,
          ...unplacedNote,
        ];
  const per = Object.entries(bias.perAnnotator).filter(([, b]) => b.position.n >= 5);
  const shown = leadNamer(ctx.db);
  const labels = ["all annotators", ...per.map(([a]) => shown(a))];
  const values = [bias.position.share, ...per.map(([, b]) => b.position.share)];
  return {
    kind: "bias",
    campaign: campaign.name,
    title: `Bias in ${title}`,
    summary,
    data: bias as unknown as Record<string, unknown>,
    charts:
      bias.position.n > 0
        ? [
            barChart({
              title: `Share choosing the first-shown response · ${title}`,
              subtitle: "50% is no position bias; annotators with 5+ preferences",
              labels: labels.slice(0, 25),
              values: values.slice(0, 25),
              percent: true,
              max: 1,
              reference: { value: 0.5, label: "50%" },
              colors: values.map((v, i) => (i === 0 ? "#3ba272" : Math.abs(v - 0.5) > 0.2 ? "#ee6666" : "#5470c6")),
            }),
          ]
        : [],
  };
}
