import { seededRandom } from "../random.js";
import type { Battle } from "./battles.js";
import { isTie, mleObstacle, tallyBattles, tallyRows, type PairTally } from "./pair-tally.js";
import { fitPairedLogistic } from "./paired-logistic.js";
import { percentileInterval, toScale, type RatingFitOptions, type RatingScale } from "./rating-scale.js";

/** Pseudo-games per pair of models, each a draw, unless the caller says otherwise. */
export const DEFAULT_PRIOR = 0.01;
/** Newton stops when no rating moves by more than this, natural scale (about 2·10⁻⁷ Elo points). */
export const DEFAULT_TOLERANCE = 1e-9;

export interface BradleyTerryOptions extends RatingFitOptions {
  /** Pseudo-games per pair of models, each a draw (default {@link DEFAULT_PRIOR}); 0 is the plain maximum likelihood. */
  prior?: number;
}

export interface BradleyTerryResult {
  /** Ratings on the chosen scale, the anchor model at its rating (or the mean at 1000 Elo / 0 natural). */
  ratings: Record<string, number>;
  /** Bootstrap percentile intervals over battles, when asked for. */
  ci?: Record<string, [number, number]>;
  /** Resamples left out of the intervals because their maximum likelihood does not exist (prior 0 only). */
  bootstrapSkipped?: number;
  scale: RatingScale;
  battles: number;
  iterations: number;
}

/**
 * Bradley-Terry by maximum likelihood, P(i beats j) = 1 / (1 + e^(θ_j − θ_i)), fitted by Newton's
 * method (paired-logistic.ts) to the exact optimum. Ties (and both-bad) count half a win to each
 * side (`ties: "half"`, Chatbot Arena's rule) or are dropped (`"exclude"`). `prior` pseudo-games
 * of a draw per pair keep every rating finite when a model won or lost everything; with 0 the
 * fit is the unregularized one of R's BradleyTerry2 and of Chatbot Arena's logistic regression,
 * and data without a finite maximum is refused with the reason. Ratings are reported on the
 * Elo scale (400 points = 10× the odds) or the natural one (θ, log-strength).
 */
export function bradleyTerry(battles: readonly Battle[], options: BradleyTerryOptions = {}): BradleyTerryResult {
  const prior = options.prior ?? DEFAULT_PRIOR;
  const scale = options.scale ?? "elo";
  if (!(prior >= 0)) throw new Error(`the prior must be 0 or more pseudo-games, got ${prior}`);
  const tally = tallyBattles(battles, options.ties ? { ties: options.ties } : {});
  if (tally.models.length === 0) throw new Error("there are no battles between two different models to rank");
  const main = fitTally(tally, prior, options);
  const result: BradleyTerryResult = {
    ratings: toScale(tally.models, main.theta, scale, options.anchor),
    scale,
    battles: tally.battles,
    iterations: main.iterations,
  };
  if (options.bootstrap) Object.assign(result, bootstrapRatings(battles, tally, main.theta, prior, options, options.bootstrap));
  return result;
}

/** The maximum-likelihood θ (natural scale, sum 0) of a tally, refusing data without a finite maximum. */
export function fitTally(
  tally: Pick<PairTally, "models" | "games" | "wins">,
  prior: number,
  options: { tolerance?: number; maxIterations?: number; start?: Float64Array; covariance?: boolean } = {},
) {
  if (prior === 0) {
    const obstacle = mleObstacle(tally);
    if (obstacle)
      throw new Error(`with no prior the maximum-likelihood ratings do not exist: ${obstacle}; give a prior above 0 (the default is ${DEFAULT_PRIOR})`);
  }
  const fit = fitPairedLogistic(tallyRows(tally, prior), {
    tolerance: options.tolerance ?? DEFAULT_TOLERANCE,
    ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
    ...(options.start ? { start: options.start } : {}),
    ...(options.covariance ? { covariance: true } : {}),
  });
  if (!fit.converged) throw new Error(`the fit did not converge in ${fit.iterations} iterations; raise the iteration limit or the tolerance`);
  return fit;
}

function bootstrapRatings(
  battles: readonly Battle[],
  tally: PairTally,
  start: Float64Array,
  prior: number,
  options: BradleyTerryOptions,
  bootstrap: { samples: number; seed?: number; level?: number },
): { ci: Record<string, [number, number]>; bootstrapSkipped: number } {
  if (!Number.isInteger(bootstrap.samples) || bootstrap.samples < 1)
    throw new Error(`bootstrap samples must be a whole number of at least 1, got ${bootstrap.samples}`);
  const m = tally.models.length;
  const index = new Map(tally.models.map((name, i) => [name, i]));
  // Each counted battle as (lower model, higher model, share won by the lower): resampled fast.
  const kept = battles.filter((b) => b.modelA !== b.modelB && !(options.ties === "exclude" && isTie(b)));
  const lo = new Int32Array(kept.length);
  const hi = new Int32Array(kept.length);
  const share = new Float64Array(kept.length);
  kept.forEach((b, k) => {
    const i = index.get(b.modelA)!;
    const j = index.get(b.modelB)!;
    lo[k] = Math.min(i, j);
    hi[k] = Math.max(i, j);
    const aShare = isTie(b) ? 0.5 : b.winner === "model_a" ? 1 : 0;
    share[k] = i < j ? aShare : 1 - aShare;
  });
  const random = seededRandom(bootstrap.seed ?? 7);
  const draws: number[][] = tally.models.map(() => []);
  const sample: PairTally = { models: tally.models, games: new Float64Array(m * m), wins: new Float64Array(m * m), battles: kept.length };
  let skipped = 0;
  for (let s = 0; s < bootstrap.samples; s++) {
    sample.games.fill(0);
    sample.wins.fill(0);
    for (let k = 0; k < kept.length; k++) {
      const r = Math.floor(random() * kept.length);
      const i = lo[r]!;
      const j = hi[r]!;
      sample.games[i * m + j]! += 1;
      sample.games[j * m + i]! += 1;
      sample.wins[i * m + j]! += share[r]!;
      sample.wins[j * m + i]! += 1 - share[r]!;
    }
    if (prior === 0 && mleObstacle(sample)) {
      skipped++;
      continue;
    }
    const ratings = toScale(tally.models, fitTally(sample, prior, { ...options, start }).theta, options.scale ?? "elo", options.anchor);
    tally.models.forEach((name, i) => draws[i]!.push(ratings[name]!));
  }
  if (skipped === bootstrap.samples) throw new Error("no bootstrap resample has finite maximum-likelihood ratings; give a prior above 0");
  const level = bootstrap.level ?? 0.95;
  return { ci: Object.fromEntries(tally.models.map((name, i) => [name, percentileInterval(draws[i]!, level)])), bootstrapSkipped: skipped };
}
