import { barChart } from "../../charts/kinds.js";
import { biasReport as computeBias, type BiasObservation } from "../../stats/index.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "../context.js";
import { annotatorNamer } from "../../io/export/annotator-name.js";
import { leadNamer } from "./lead-names.js";
import { num, pct, type Report } from "./report.js";
import { placedVotes, unplacedPreferenceCount } from "../../storage/repos/judgment-stats.repo.js";

/** Position bias (first-shown preferred) and length bias (longer preferred), overall and per annotator. */
export async function biasReport(ctx: ServiceContext, campaign: CampaignRow): Promise<Report> {
  const label = await annotatorNamer(ctx.db);
  const rows = await placedVotes(ctx.db, campaign.id);
  const observations: BiasObservation[] = rows.map((r) => ({
    annotator: label(r),
    shownFirst: r.displayOrder === "ab" ? "a" : "b",
    choice: r.choice,
    lengthA: r.lengthA,
    lengthB: r.lengthB,
  }));
  const bias = computeBias(observations);
  const title = campaign.title ?? campaign.name;
  // Imported labels were not shown by the bot: nobody knows which response their annotator saw first.
  const unplaced = await unplacedPreferenceCount(ctx.db, campaign.id);
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
  const shown = await leadNamer(ctx.db);
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
