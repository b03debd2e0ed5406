import { heatmapChart, leaderboardChart } from "../../charts/kinds.js";
import { bradleyTerry, winRateMatrix, type Battle } from "../../stats/index.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "../context.js";
import type { Report } from "./report.js";
import { humanJudgment } from "../../storage/human-judgments.js";

/** Battles from human judgments of items that name their models: A vs B, the choice as the winner. */
export function campaignBattles(ctx: ServiceContext, campaignId: number): Battle[] {
  const rows = ctx.db.$client
    .prepare(`SELECT x.model_a, x.model_b, j.choice FROM judgments j JOIN comparisons x ON x.id = j.comparison_id WHERE j.campaign_id = ? AND x.kind = 'regular' AND x.model_a IS NOT NULL AND x.model_b IS NOT NULL AND x.model_a <> x.model_b AND ${humanJudgment("j")}`)
    .all(campaignId) as { model_a: string; model_b: string; choice: string }[];
  return rows.map((r) => ({ modelA: r.model_a, modelB: r.model_b, winner: r.choice === "a" ? "model_a" : r.choice === "b" ? "model_b" : r.choice === "tie" ? "tie" : "both_bad" }));
}

/** A Bradley-Terry leaderboard with bootstrap CI whiskers, and the win-rate matrix. */
export function modelsReport(ctx: ServiceContext, campaign: CampaignRow): Report {
  const battles = campaignBattles(ctx, campaign.id);
  const title = campaign.title ?? campaign.name;
  if (battles.length === 0) return { kind: "models", campaign: campaign.name, title: `Models in ${title}`, summary: ["No judged item names its two models: nothing to rank."], data: {}, charts: [] };
  const bt = bradleyTerry(battles, { bootstrap: { samples: 200, seed: 1 } });
  const ranked = Object.entries(bt.ratings).sort((a, b) => b[1] - a[1]);
  const rates = winRateMatrix(battles);
  const summary = [`${ranked.length} models from ${battles.length} judgments (ties count half). Best: ${ranked[0]![0]} at ${ranked[0]![1].toFixed(0)}, then ${ranked.slice(1, 3).map(([m, r]) => `${m} ${r.toFixed(0)}`).join(", ")}.`];
  return {
    kind: "models",
    campaign: campaign.name,
    title: `Models in ${title}`,
    summary,
    data: { ratings: bt.ratings, ci: bt.ci, battles: battles.length, winRate: rates },
    charts: [
      leaderboardChart({ title: `Model leaderboard · ${title}`, subtitle: "Bradley-Terry on the Elo scale, 95% bootstrap CI", models: ranked.map(([m]) => m), ratings: ranked.map(([, r]) => r), ci: ranked.map(([m]) => bt.ci![m]!) }),
      heatmapChart({ title: `Win rate (row beats column) · ${title}`, subtitle: "ties count half", labels: rates.models, matrix: rates.rate, min: 0, max: 1 }),
    ],
  };
}
