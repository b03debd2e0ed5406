import { seededRandom } from "../random.js";

export interface ConfidenceInterval {
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  samples: number;
  seed: number;
}

/**
 * A percentile bootstrap confidence interval over units: resamples the units with replacement
 * `samples` times (seeded, so results repeat), recomputes the statistic, and takes the
 * (1 − level)/2 and (1 + level)/2 quantiles. Resamples where the statistic is undefined are skipped.
 */
export function bootstrapCi<T>(
  units: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: { samples?: number; level?: number; seed?: number } = {},
): ConfidenceInterval {
  const samples = options.samples ?? 1000;
  const level = options.level ?? 0.95;
  const seed = options.seed ?? 20240521;
  const random = seededRandom(seed);
  const estimate = statistic(units);
  const values: number[] = [];
  const sample: T[] = new Array(units.length);
  for (let b = 0; b < samples; b++) {
    for (let i = 0; i < units.length; i++) sample[i] = units[Math.floor(random() * units.length)]!;
    const v = statistic(sample);
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(q * (values.length - 1))))] ?? Number.NaN;
  return { estimate, lower: at((1 - level) / 2), upper: at((1 + level) / 2), level, samples, seed };
}
