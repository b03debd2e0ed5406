import { heatmapChart } from "../../charts/kinds.js";
import { agreementSummary } from "../../io/export/agreement-summary.js";
import { cohenKappa } from "../../stats/index.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "../context.js";
import { annotatorNamer } from "../../io/export/annotator-name.js";
import { leadNamer } from "./lead-names.js";
import { num, type Report } from "./report.js";
import { choicesOfAnnotator, mostActiveAnnotators } from "../../storage/repos/judgment-stats.repo.js";
import { count } from "../../domain/plural.js";
import { CHOICES } from "../../domain/choice.js";

/**
 * Krippendorff's alpha and Fleiss' kappa with bootstrap CIs, and the pairwise Cohen's kappa matrix
 * of the most active annotators (pairs sharing at least 10 items) as a heatmap.
 */
export async function agreementReport(ctx: ServiceContext, campaign: CampaignRow): Promise<Report> {
  const summaryData = await agreementSummary(ctx.db, campaign.id);
  const label = await annotatorNamer(ctx.db);
  const top = await mostActiveAnnotators(ctx.db, campaign.id, 12);
  const votes = await Promise.all(top.map(async (a) => new Map((await choicesOfAnnotator(ctx.db, a.id, campaign.id)).map((r) => [r.comparisonId, r.choice]))));
  const matrix = top.map((_, i) =>
    top.map((_, j) => {
      if (i === j) return 1;
      const pairs: [string, string][] = [];
      for (const [item, choice] of votes[i]!) {
        const other = votes[j]!.get(item);
        if (other !== undefined) pairs.push([choice, other]);
      }
      return pairs.length >= 10 ? cohenKappa(pairs, { categories: CHOICES }).value : null;
    }),
  );
  const alpha = summaryData.krippendorffAlphaNominal;
  const fleiss = summaryData.fleissKappa;
  const title = campaign.title ?? campaign.name;
  const summary = alpha
    ? [
        `Krippendorff's alpha (nominal) ${num(alpha.value)} [95% CI ${num(alpha.ci95[0])}, ${num(alpha.ci95[1])}]; Fleiss' kappa ${num(fleiss?.value)} [${num(fleiss?.ci95[0])}, ${num(fleiss?.ci95[1])}].`,
        `${count(summaryData.items, "item")} with two or more judgments, ${count(summaryData.annotators, "annotator")}.`,
      ]
    : ["No item has two or more judgments yet: agreement cannot be measured."];
  // The data keeps the export pseudonyms (they match the QA report); the chart names people as leads know them.
  const labels = top.map((a) => label(a));
  const shown = await leadNamer(ctx.db);
  return {
    kind: "agreement",
    campaign: campaign.name,
    title: `Agreement in ${title}`,
    summary,
    // Every pair with its shared items (`pairs`), and the matrix the heatmap draws for the most active.
    data: { ...summaryData, pairs: summaryData.pairwiseKappa, pairwiseKappa: { annotators: labels, matrix } },
    charts:
      top.length >= 2
        ? [
            heatmapChart({
              title: `Pairwise Cohen's kappa · ${title}`,
              subtitle: summary[0]!.slice(0, 120),
              labels: top.map((a) => shown(a)),
              matrix,
              // Kappa runs from −1 (always disagree) through 0 (chance) to 1 (always agree).
              min: -1,
              max: 1,
              diverging: true,
              legend: ["−1 disagree", "1 agree"],
              emptyNote: "fewer than 10 shared items",
            }),
          ]
        : [],
  };
}
