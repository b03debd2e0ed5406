import type { EChartsOption } from "echarts";
import { intervalChart } from "../../charts/interval-chart.js";
import { barChart } from "../../charts/kinds.js";
import type { KappaWithCi, MeanPairwiseKappa } from "./judge-agreement.js";
import type { anchoring } from "./judge-measures.js";

/** At most 15 characters, so the count fits the axis label too. */
const MODE_LABELS: Record<string, string> = {
  never: "never shown",
  after_vote: "after the vote",
  before_vote: "suggested first",
  before_vote_unshown: "not shown yet",
  no_judge: "before a judge",
};

/**
 * The judge report's charts: Cohen's kappa with 95% CIs for the humans among themselves (green),
 * the judge against the human majority overall (blue), per tag and per rubric dimension; and,
 * when people voted on scored pairs, their agreement with the judge by what they saw (anchoring).
 */
export function judgeCharts(input: {
  title: string;
  overall: KappaWithCi | null;
  humans: MeanPairwiseKappa | null;
  tags: ({ tag: string } & KappaWithCi)[];
  dimensions: ({ dimension: string } & KappaWithCi)[];
  anchors: ReturnType<typeof anchoring>;
}): EChartsOption[] {
  const rows: { label: string; value: number; ci: [number, number]; color: string }[] = [];
  if (input.humans) rows.push({ label: "humans, pairwise", value: input.humans.value, ci: input.humans.ci, color: "#3ba272" });
  if (input.overall) rows.push({ label: `judge vs majority (${input.overall.n})`, value: input.overall.kappa, ci: input.overall.kappaCi, color: "#5470c6" });
  for (const t of input.tags.slice(0, 10)) rows.push({ label: `${t.tag} (${t.n})`, value: t.kappa, ci: t.kappaCi, color: "#73c0de" });
  for (const d of input.dimensions) rows.push({ label: `rubric: ${d.dimension} (${d.n})`, value: d.kappa, ci: d.kappaCi, color: "#fc8452" });
  const charts: EChartsOption[] = [];
  const usable = rows.filter((r) => Number.isFinite(r.value));
  if (usable.length > 0) {
    charts.push(
      intervalChart({
        title: `AI judge vs humans · ${input.title}`,
        subtitle: "Cohen's kappa with 95% bootstrap CIs; humans: mean pairwise kappa",
        labels: usable.map((r) => r.label),
        values: usable.map((r) => r.value),
        ci: usable.map((r) => r.ci),
        colors: usable.map((r) => r.color),
        axisName: "Cohen's kappa",
      }),
    );
  }
  const anchors = Object.entries(input.anchors);
  // Only votes cast before the campaign had a judge say nothing about anchoring.
  if (anchors.some(([mode]) => mode !== "no_judge")) {
    charts.push(
      barChart({
        title: `Agreement with the judge by what people saw · ${input.title}`,
        subtitle: "anchoring: share of human votes matching the judge's verdict",
        labels: anchors.map(([mode, r]) => `${MODE_LABELS[mode] ?? mode} (${r.n})`),
        values: anchors.map(([, r]) => r.agreement),
        percent: true,
        max: 1,
      }),
    );
  }
  return charts;
}
