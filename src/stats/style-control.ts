import { seededRandom } from "../random.js";
import { modelsOf, type Battle } from "./battles.js";
import { DEFAULT_TOLERANCE } from "./bradley-terry.js";
import { isTie } from "./pair-tally.js";
import { fitPairedLogistic, type PairedFit, type PairedRows } from "./paired-logistic.js";
import { ELO_PER_NATURAL, percentileInterval, toScale, type RatingFitOptions, type RatingScale } from "./rating-scale.js";
import { STYLE_FEATURES, type StyleCounts, type StyleFeature } from "./style-features.js";

/** A battle with the style of both responses. */
export interface StyledBattle extends Battle {
  styleA: StyleCounts;
  styleB: StyleCounts;
}

/** FastChat's ridge (its `reg`): ½·0.5·‖·‖² on the ratings (log10 scale) and the style coefficients. */
export const DEFAULT_STYLE_RIDGE = 0.5;

export interface StyleControlOptions extends RatingFitOptions {
  /** Ridge on ratings (log10-odds units, as FastChat) and coefficients; default {@link DEFAULT_STYLE_RIDGE}; 0 for the plain maximum likelihood. */
  ridge?: number;
}

export interface StyleControlResult {
  /** Ratings with the style effects held out, on the chosen scale. */
  ratings: Record<string, number>;
  ci?: Record<string, [number, number]>;
  /** Log-odds per standard deviation of each feature's normalized A−B difference (positive: the side with more wins more). */
  coefficients: Partial<Record<StyleFeature, number>>;
  coefficientCi?: Partial<Record<StyleFeature, [number, number]>>;
  /** Features left out because they do not vary in the data (no response has a header, say). */
  constant: StyleFeature[];
  scale: RatingScale;
  battles: number;
  iterations: number;
}

/**
 * Bradley-Terry with style covariates, as Chatbot Arena's style control (FastChat
 * rating_systems.py, compute_style_control): for each feature the A−B difference over the sum
 * plus one, (a − b)/(a + b + 1), divided by its standard deviation over the battles taken both
 * ways round (see standardizedFeatures), enters the logit beside θ_A − θ_B; ties are outcome ½. The ratings are then what each model
 * would score if both sides had the same style. Intervals resample battles with the features
 * standardized once on all of them, as Arena does.
 */
export function styleControl(battles: readonly StyledBattle[], options: StyleControlOptions = {}): StyleControlResult {
  const kept = battles.filter((b) => b.modelA !== b.modelB && !(options.ties === "exclude" && isTie(b)));
  const models = modelsOf(kept);
  if (models.length < 2) throw new Error("style control needs battles between at least two models");
  const { features, used, constant } = standardizedFeatures(kept);
  const rows = battleRows(kept, models, features, used.length);
  const ridge = options.ridge ?? DEFAULT_STYLE_RIDGE;
  if (!(ridge >= 0)) throw new Error(`the style ridge must be 0 or more, got ${ridge}`);
  const fitOptions = {
    // FastChat penalizes ratings r on the log10-odds scale; θ = r·ln 10, so ‖r‖² = ‖θ‖² / ln²10.
    ridgeRatings: ridge / Math.LN10 ** 2,
    ridgeFeatures: ridge,
    tolerance: options.tolerance ?? DEFAULT_TOLERANCE,
    ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
  };
  const fit = fitPairedLogistic(rows, fitOptions);
  requireConverged(fit);
  const scale = options.scale ?? "elo";
  const result: StyleControlResult = {
    ratings: toScale(models, fit.theta, scale, options.anchor),
    coefficients: Object.fromEntries(used.map((f, k) => [f, fit.beta[k]!])),
    constant,
    scale,
    battles: kept.length,
    iterations: fit.iterations,
  };
  if (options.bootstrap) {
    const { samples, seed, level = 0.95 } = options.bootstrap;
    const random = seededRandom(seed ?? 7);
    const ratingDraws: number[][] = models.map(() => []);
    const betaDraws: number[][] = used.map(() => []);
    const sample = emptyRows(rows);
    for (let s = 0; s < samples; s++) {
      // Resampling battles with replacement is a multinomial count per battle.
      sample.n.fill(0);
      for (let k = 0; k < rows.length; k++) sample.n[Math.floor(random() * rows.length)]! += 1;
      const draw = fitPairedLogistic(sample, { ...fitOptions, start: Float64Array.from([...fit.theta, ...fit.beta]) });
      requireConverged(draw);
      const ratings = toScale(models, draw.theta, scale, options.anchor);
      models.forEach((m, i) => ratingDraws[i]!.push(ratings[m]!));
      used.forEach((_, k) => betaDraws[k]!.push(draw.beta[k]!));
    }
    result.ci = Object.fromEntries(models.map((m, i) => [m, percentileInterval(ratingDraws[i]!, level)]));
    result.coefficientCi = Object.fromEntries(used.map((f, k) => [f, percentileInterval(betaDraws[k]!, level)]));
  }
  return result;
}

/** How many Elo points one standard deviation of a feature is worth, for people reading a coefficient. */
export const coefficientInElo = (coefficient: number): number => coefficient * ELO_PER_NATURAL;

function standardizedFeatures(battles: readonly StyledBattle[]): { features: Float64Array[]; used: StyleFeature[]; constant: StyleFeature[] } {
  const features: Float64Array[] = [];
  const used: StyleFeature[] = [];
  const constant: StyleFeature[] = [];
  for (const feature of STYLE_FEATURES) {
    const values = Float64Array.from(battles, (b) => (b.styleA[feature] - b.styleB[feature]) / (b.styleA[feature] + b.styleB[feature] + 1));
    // The standard deviation of the differences taken both ways round (A−B and B−A), whose mean
    // is 0: a root mean square. Arena subtracts the mean A−B difference first, which is 0 when
    // sides are random, as in the Arena; when they are not (a file that always puts one model
    // first) the mean would move every rating of the models usually on side A.
    const scale = Math.sqrt(values.reduce((s, x) => s + x * x, 0) / values.length);
    // A feature that never varies has no coefficient (Arena's code divides by zero here).
    if (!(scale > 1e-12)) {
      constant.push(feature);
      continue;
    }
    for (let i = 0; i < values.length; i++) values[i] = values[i]! / scale;
    features.push(values);
    used.push(feature);
  }
  return { features, used, constant };
}

function battleRows(battles: readonly StyledBattle[], models: string[], features: Float64Array[], f: number): PairedRows {
  const index = new Map(models.map((m, i) => [m, i]));
  const rows = emptyRows({ models: models.length, features: f, length: battles.length });
  battles.forEach((b, r) => {
    rows.a[r] = index.get(b.modelA)!;
    rows.b[r] = index.get(b.modelB)!;
    rows.y[r] = isTie(b) ? 0.5 : b.winner === "model_a" ? 1 : 0;
    rows.n[r] = 1;
    for (let k = 0; k < f; k++) rows.x[r * f + k] = features[k]![r]!;
  });
  return rows;
}

/** Rows of the same shape; a non-empty `from` shares its models, covariates and outcomes. */
function emptyRows(from: Pick<PairedRows, "models" | "features" | "length"> & Partial<PairedRows>): PairedRows {
  return {
    models: from.models,
    features: from.features,
    length: from.length,
    a: from.a ?? new Int32Array(from.length),
    b: from.b ?? new Int32Array(from.length),
    y: from.y ?? new Float64Array(from.length),
    n: new Float64Array(from.length),
    x: from.x ?? new Float64Array(from.length * from.features),
  };
}

function requireConverged(fit: PairedFit): void {
  if (!fit.converged)
    throw new Error(
      `the style-controlled fit did not converge in ${fit.iterations} iterations (with no ridge, a feature may separate wins from losses); keep a ridge above 0`,
    );
}
