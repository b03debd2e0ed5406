import { heatmapChart, leaderboardChart } from "../../charts/kinds.js";
import {
  bradleyTerry,
  coefficientInElo,
  leaderboardCells,
  sideBySide,
  styleControl,
  styleCounts,
  winRateMatrix,
  type StyleControlResult,
  type StyledBattle,
} from "../../stats/index.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { judgedModelResponses } from "../../storage/repos/comparisons.repo.js";
import { modelBattles } from "../../storage/repos/judgments.repo.js";
import type { ServiceContext } from "../context.js";
import type { Report } from "./report.js";
import { count } from "../../domain/plural.js";
import { WINNER_OF_CHOICE } from "../../domain/choice.js";

const SAMPLES = 200;

/** Battles from the human judgments of items that name their models, each with the style of both responses. */
async function campaignBattles(ctx: ServiceContext, campaignId: number): Promise<StyledBattle[]> {
  const styles = new Map(
    (await judgedModelResponses(ctx.db, campaignId)).map((r) => [r.id, { styleA: styleCounts(r.responseA), styleB: styleCounts(r.responseB) }]),
  );
  return (await modelBattles(ctx.db, campaignId)).map((r) => ({
    modelA: r.modelA,
    modelB: r.modelB,
    winner: WINNER_OF_CHOICE[r.choice],
    ...styles.get(r.comparisonId)!,
  }));
}

/**
 * The model leaderboard: Bradley-Terry (Elo scale, the default prior, 95% bootstrap intervals)
 * beside the style-controlled fit (Chatbot Arena's covariates for length, headers, lists and
 * bold), so a model that wins on being longer or more formatted shows it; and the win-rate matrix.
 */
export async function modelsReport(ctx: ServiceContext, campaign: CampaignRow): Promise<Report> {
  const battles = await campaignBattles(ctx, campaign.id);
  const title = campaign.title ?? campaign.name;
  if (battles.length === 0)
    return {
      kind: "models",
      campaign: campaign.name,
      title: `Models in ${title}`,
      summary: ["No judged item names its two models: nothing to rank."],
      data: {},
      charts: [],
    };
  const bt = bradleyTerry(battles, { bootstrap: { samples: SAMPLES, seed: 1 } });
  const styled = fitStyle(battles);
  const rows = sideBySide(bt, styled);
  const rates = winRateMatrix(battles);
  const best = (r: Record<string, number>) => Object.entries(r).sort((a, b) => b[1] - a[1])[0]!;
  const summary = [
    `${count(rows.length, "model")} from ${count(battles.length, "judgment")} (ties count half). Best: ${rows[0]!.model} at ${rows[0]!.rating.toFixed(0)}, then ${rows
      .slice(1, 3)
      .map((r) => `${r.model} ${r.rating.toFixed(0)}`)
      .join(", ")}.`,
  ];
  if (styled) {
    const [top, rating] = best(styled.ratings);
    const moved = rows.filter((r) => r.styled && r.styled.rank !== r.rank).map((r) => `${r.model} ${r.rank}→${r.styled!.rank}`);
    summary.push(
      `Style-controlled (length, headers, lists, bold held equal): best ${top} at ${rating.toFixed(0)}; ${moved.length > 0 ? `rank changes: ${moved.join(", ")}` : "no rank changes"}.`,
    );
    summary.push(
      `Style effects, Elo points per standard deviation: ${Object.entries(styled.coefficients)
        .map(([f, b]) => `${f} ${b >= 0 ? "+" : ""}${coefficientInElo(b).toFixed(0)}`)
        .join(", ")}${styled.constant.length > 0 ? ` (${styled.constant.join(", ")}: the same everywhere, left out)` : ""}.`,
    );
  } else summary.push("Style control not fitted: the responses never differ in length, headers, lists or bold.");
  return {
    kind: "models",
    campaign: campaign.name,
    title: `Models in ${title}`,
    summary,
    data: {
      ratings: bt.ratings,
      ci: bt.ci,
      battles: battles.length,
      winRate: rates,
      ...(styled ? { styleControl: { ratings: styled.ratings, ci: styled.ci, coefficients: styled.coefficients, constantFeatures: styled.constant } } : {}),
    },
    table: leaderboardCells(rows, { digits: 0 }),
    charts: [
      leaderboardChart({
        title: `Model leaderboard · ${title}`,
        subtitle: styled ? "Bradley-Terry, raw and style-controlled, 95% bootstrap CI" : "Bradley-Terry on the Elo scale, 95% bootstrap CI",
        axisName: "Elo scale (400 points = 10× the odds)",
        models: rows.map((r) => r.model),
        series: [
          { name: "raw", ratings: rows.map((r) => r.rating), ci: rows.map((r) => r.ci), color: "#5470c6" },
          ...(styled ? [{ name: "style-controlled", ratings: rows.map((r) => r.styled!.rating), ci: rows.map((r) => r.styled!.ci), color: "#ee6666" }] : []),
        ],
      }),
      heatmapChart({ title: `Win rate (row beats column) · ${title}`, subtitle: "ties count half", labels: rates.models, matrix: rates.rate, min: 0, max: 1 }),
    ],
  };
}

/** The style-controlled fit, or undefined when no style feature varies between the responses. */
function fitStyle(battles: StyledBattle[]): StyleControlResult | undefined {
  const fit = styleControl(battles, { bootstrap: { samples: SAMPLES, seed: 1 } });
  return Object.keys(fit.coefficients).length > 0 ? fit : undefined;
}
