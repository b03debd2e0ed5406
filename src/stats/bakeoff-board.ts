import { fitTally } from "./bradley-terry.js";
import { normalQuantile } from "./normal.js";
import type { PairTally } from "./pair-tally.js";
import { ELO_PER_NATURAL } from "./rating-scale.js";

/** How a bake-off judges its leaderboard: the knobs a lead sets, with the defaults they start from. */
export interface BakeoffPolicy {
  /** The ranking is stable when each model is ahead of the next at this confidence (or tied with it within `margin`). */
  confidence: number;
  /** Votes every model needs before the ranking may be called stable. */
  minViews: number;
  /** Share of pairs drawn at random rather than by the sampler. */
  exploration: number;
  /** Two neighbours whose whole interval lies within ± this many Elo points count as tied (0: never). */
  margin: number;
  /** Pseudo-draws per pair of models in the fit (see {@link BAKEOFF_PRIOR}). */
  prior: number;
}

/**
 * One pseudo-draw per pair of models: with a handful of votes a model that won all of its three
 * games would otherwise be rated infinitely far ahead with an infinitely wide interval (the Wald
 * interval fails there), and never be called stable however many more it won.
 */
export const BAKEOFF_PRIOR = 1;

export const DEFAULT_BAKEOFF_POLICY: BakeoffPolicy = { confidence: 0.95, minViews: 3, exploration: 0.1, margin: 0, prior: BAKEOFF_PRIOR };

interface BoardRow {
  model: string;
  /** Elo scale, mean 1000. */
  rating: number;
  /** The rating's interval at the policy's confidence. */
  low: number;
  high: number;
  /** Votes the model took part in. */
  views: number;
}

/** A neighbour pair on the board, better first, and what the data says about its order. */
interface Neighbours {
  upper: string;
  lower: string;
  /** Elo points between them, and the standard error of that difference. */
  gap: number;
  se: number;
  verdict: "ordered" | "tied" | "open";
}

export interface Board {
  rows: BoardRow[];
  neighbours: Neighbours[];
  votes: number;
  /** Every neighbour pair ordered or tied, and every model seen `minViews` times. */
  stable: boolean;
  /** Natural-scale fit, in `models` order, for the sampler. */
  theta: Float64Array;
  /** Covariance of θ (sum-zero), models × models. */
  covariance: Float64Array;
}

/**
 * The live leaderboard of a bake-off: Bradley-Terry with {@link BakeoffPolicy.prior} pseudo-draws,
 * intervals from the curvature of the likelihood (Laplace), and for each pair of neighbours a
 * verdict: "ordered" when the upper one is better at the confidence c (one-sided: the gap less
 * z_c standard errors is above 0), "tied" when the gap's two-sided c interval fits within the
 * margin, "open" otherwise. The bench's simulation measures what that buys for the whole ranking:
 * stopped bake-offs had the exact true order at least c of the time.
 */
export function bakeoffBoard(tally: PairTally, policy: BakeoffPolicy): Board {
  const m = tally.models.length;
  const fit = fitTally(tally, policy.prior, { covariance: true });
  const theta = fit.theta;
  const cov = fit.covariance!;
  const views = tally.models.map((_, i) => {
    let n = 0;
    for (let j = 0; j < m; j++) n += tally.games[i * m + j]!;
    return n;
  });
  const zOne = normalQuantile(1 - (1 - policy.confidence) / 2);
  const rows: BoardRow[] = tally.models.map((model, i) => {
    const rating = 1000 + ELO_PER_NATURAL * theta[i]!;
    const half = zOne * ELO_PER_NATURAL * Math.sqrt(Math.max(0, cov[i * m + i]!));
    return { model, rating, low: rating - half, high: rating + half, views: views[i]! };
  });
  const order = rows.map((_, i) => i).sort((a, b) => theta[b]! - theta[a]! || rows[a]!.model.localeCompare(rows[b]!.model));
  const zOrdered = normalQuantile(policy.confidence);
  const neighbours: Neighbours[] = [];
  for (let r = 0; r + 1 < order.length; r++) {
    const i = order[r]!;
    const j = order[r + 1]!;
    const gap = ELO_PER_NATURAL * (theta[i]! - theta[j]!);
    const se = ELO_PER_NATURAL * Math.sqrt(Math.max(0, differenceVariance(cov, m, i, j)));
    const verdict = gap - zOrdered * se > 0 ? "ordered" : policy.margin > 0 && gap + zOne * se <= policy.margin ? "tied" : "open";
    neighbours.push({ upper: tally.models[i]!, lower: tally.models[j]!, gap, se, verdict });
  }
  const seen = views.every((v) => v >= policy.minViews);
  return {
    rows: order.map((i) => rows[i]!),
    neighbours,
    votes: tally.battles,
    stable: seen && neighbours.every((n) => n.verdict !== "open"),
    theta,
    covariance: cov,
  };
}

/** Var(θ_i − θ_j) from a covariance matrix. */
export const differenceVariance = (cov: Float64Array, m: number, i: number, j: number): number => cov[i * m + i]! + cov[j * m + j]! - 2 * cov[i * m + j]!;
