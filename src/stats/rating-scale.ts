import type { TieRule } from "./battles.js";

/** The scales a rating is reported on. */
export const RATING_SCALES = ["elo", "natural"] as const;
export type RatingScale = (typeof RATING_SCALES)[number];

/** A model pinned at a rating on the reported scale. */
export interface Anchor {
  model: string;
  rating: number;
}

/** What every rating fit takes: how ties count, when Newton stops, the scale, and bootstrap intervals. */
export interface RatingFitOptions {
  ties?: TieRule;
  /** Stop when no parameter moves by more than this, natural scale. */
  tolerance?: number;
  maxIterations?: number;
  scale?: RatingScale;
  anchor?: Anchor;
  bootstrap?: { samples: number; seed?: number; level?: number };
}

/** Elo points per natural unit: 400 points are 10× the odds, so 400 / ln 10 ≈ 173.72. */
export const ELO_PER_NATURAL = 400 / Math.LN10;

/** Where the mean rating sits when no model is anchored. */
const DEFAULT_CENTRE: Record<RatingScale, number> = { elo: 1000, natural: 0 };

/**
 * Natural-scale parameters θ (log-strengths) as ratings on `scale`: Elo is 400·log10(e)·θ, the
 * natural scale θ itself; then shifted so the anchor sits at its rating, or the mean at
 * {@link DEFAULT_CENTRE}.
 */
export function toScale(models: readonly string[], theta: ArrayLike<number>, scale: RatingScale, anchor?: Anchor): Record<string, number> {
  const factor = scale === "elo" ? ELO_PER_NATURAL : 1;
  const values = models.map((_, i) => factor * theta[i]!);
  let shift: number;
  if (anchor) {
    const at = models.indexOf(anchor.model);
    if (at < 0) throw new Error(`the anchor model "${anchor.model}" has no battles; models: ${models.join(", ")}`);
    shift = anchor.rating - values[at]!;
  } else shift = DEFAULT_CENTRE[scale] - values.reduce((s, x) => s + x, 0) / Math.max(1, values.length);
  return Object.fromEntries(models.map((m, i) => [m, values[i]! + shift]));
}

/** The (1 − level)/2 and (1 + level)/2 percentiles of bootstrap draws (sorted in place). */
export function percentileInterval(values: number[], level: number): [number, number] {
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(q * (values.length - 1))))]!;
  return [at((1 - level) / 2), at((1 + level) / 2)];
}
