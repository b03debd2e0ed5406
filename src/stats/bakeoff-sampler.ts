import { differenceVariance, type Board, type BakeoffPolicy } from "./bakeoff-board.js";
import type { PairTally } from "./pair-tally.js";

/** Which two models to compare next, by index into the tally's models, and why. */
export interface NextPair {
  i: number;
  j: number;
  reason: "min-views" | "explore" | "uncertainty";
}

/**
 * The pair whose vote most narrows the leaderboard's open questions. Three rules, in order:
 *
 * 1. A model seen fewer than `minViews` times is compared first (least seen first), against the
 *    opponent it has met least, so no model is judged on a vote or two.
 * 2. With probability `exploration`, a pair drawn uniformly, so an early wrong estimate cannot
 *    starve a pair of votes for good.
 * 3. Otherwise the Arena paper's rule aimed at the ranking: one vote on pair (a, b) adds
 *    w = p(1 − p) to the information along e_a − e_b (p from the current fit), which shrinks the
 *    standard error of every neighbour gap still open by the rank-one update
 *    σ'² = σ² − w (c_k − c_l)² / (1 + w vᵀΣv), with c = Σ(e_a − e_b). The pair with the largest
 *    total shrinkage of open gaps' standard errors wins (ties drawn at random).
 *
 * Pairs in `pending` (posted, their vote not in) are left for others while any other pair is left;
 * with `comparable`, only those pairs (the ones that answered a prompt in common) are drawn.
 * O(M³) for M models: cheap for any bake-off people vote on.
 */
export function nextPair(
  tally: PairTally,
  board: Board,
  policy: BakeoffPolicy,
  random: () => number,
  options: { pending?: ReadonlySet<string>; comparable?: ReadonlySet<string> } = {},
): NextPair {
  const m = tally.models.length;
  const pending = options.pending ?? new Set<string>();
  const comparable = (a: number, b: number) => !options.comparable || options.comparable.has(pairKey(a, b));
  const pairCount = options.comparable?.size ?? (m * (m - 1)) / 2;
  // Pairs already posted and waiting for their vote are not posted twice, unless nothing else is left;
  // pairs that never answered the same prompt cannot be posted at all.
  const waiting = (a: number, b: number) => !comparable(a, b) || (pending.size < pairCount && pending.has(pairKey(a, b)));
  const views = board.rows.map(() => 0);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) views[i]! += tally.games[i * m + j]!;
  const fewest = Math.min(...views);
  if (fewest < policy.minViews) {
    const i = pick(
      views.flatMap((v, k) => (v === fewest ? [k] : [])),
      random,
    );
    const met = (j: number) => tally.games[i * m + j]!;
    const all = views.map((_, j) => j).filter((j) => j !== i && comparable(i, j));
    const fresh = all.filter((j) => !waiting(i, j));
    const opponents = fresh.length > 0 ? fresh : all;
    const least = Math.min(...opponents.map(met));
    return {
      i,
      j: pick(
        opponents.filter((j) => met(j) === least),
        random,
      ),
      reason: "min-views",
    };
  }
  if (random() < policy.exploration) {
    const pairs: [number, number][] = [];
    for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) if (!waiting(a, b)) pairs.push([a, b]);
    const [i, j] = pick(pairs, random);
    return { i, j, reason: "explore" };
  }
  const index = new Map(tally.models.map((name, k) => [name, k]));
  const open = board.neighbours.filter((n) => n.verdict === "open").map((n) => [index.get(n.upper)!, index.get(n.lower)!] as const);
  // Every gap counts once the ranking is settled (a vote is still wanted: a lead may have raised the bar).
  const targets = open.length > 0 ? open : board.neighbours.map((n) => [index.get(n.upper)!, index.get(n.lower)!] as const);
  const cov = board.covariance;
  let best: [number, number][] = [];
  let bestGain = -Infinity;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      if (waiting(a, b)) continue;
      const p = 1 / (1 + Math.exp(board.theta[b]! - board.theta[a]!));
      const w = p * (1 - p);
      const c = new Float64Array(m);
      for (let k = 0; k < m; k++) c[k] = cov[k * m + a]! - cov[k * m + b]!;
      const spread = c[a]! - c[b]!;
      let gain = 0;
      for (const [k, l] of targets) {
        const before = differenceVariance(cov, m, k, l);
        const after = before - (w * (c[k]! - c[l]!) ** 2) / (1 + w * spread);
        gain += Math.sqrt(Math.max(0, before)) - Math.sqrt(Math.max(0, after));
      }
      if (gain > bestGain + 1e-12) {
        bestGain = gain;
        best = [[a, b]];
      } else if (Math.abs(gain - bestGain) <= 1e-12) best.push([a, b]);
    }
  }
  const [i, j] = pick(best, random);
  return { i, j, reason: "uncertainty" };
}

/** The key of an unordered pair of model indexes, for `pending`. */
export const pairKey = (a: number, b: number): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}
