import { seededRandom } from "../../random.js";
import { bootstrapCi, cohenKappa } from "../../stats/index.js";

/** Cohen's kappa and raw agreement between two labelings of the same items, each with a seeded percentile bootstrap CI over items. */
export interface KappaWithCi {
  n: number;
  kappa: number;
  kappaCi: [number, number];
  agreement: number;
  agreementCi: [number, number];
}

const SEED = 1;
/**
 * A CI is bootstrapped over at most this many items; a bigger campaign's comes from a seeded
 * sample of them (a little wider than the full data's would be, never narrower), so the report
 * stays quick at a million items. Estimates always use every item.
 */
const MAX_BOOTSTRAP_UNITS = 5000;

function forBootstrap<T>(units: readonly T[]): readonly T[] {
  if (units.length <= MAX_BOOTSTRAP_UNITS) return units;
  const random = seededRandom(SEED);
  const pool = [...units];
  for (let i = 0; i < MAX_BOOTSTRAP_UNITS; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, MAX_BOOTSTRAP_UNITS);
}

/**
 * Agreement of two raters on paired labels: (first rater, second rater) per item. Null for no
 * pairs. Kappa over the given categories (Cohen 1960); a resample where it is undefined is skipped.
 */
export function pairedAgreement(pairs: readonly (readonly [string, string])[], categories: readonly string[]): KappaWithCi | null {
  if (pairs.length === 0) return null;
  const kappa = (sample: readonly (readonly [string, string])[]) => cohenKappa(sample as [string, string][], { categories }).value;
  const agreement = (sample: readonly (readonly [string, string])[]) => sample.filter(([a, b]) => a === b).length / sample.length;
  const units = forBootstrap(pairs);
  const k = bootstrapCi(units, kappa, { samples: 1000, seed: SEED });
  const a = bootstrapCi(units, agreement, { samples: 1000, seed: SEED });
  return { n: pairs.length, kappa: kappa(pairs), kappaCi: [k.lower, k.upper], agreement: agreement(pairs), agreementCi: [a.lower, a.upper] };
}

/** Human agreement among themselves: the mean of Cohen's kappa over pairs of annotators, with a bootstrap CI over items. */
export interface MeanPairwiseKappa {
  value: number;
  ci: [number, number];
  /** Annotator pairs averaged (those sharing at least `minShared` items). */
  pairs: number;
  annotators: number;
  items: number;
}

/**
 * The mean pairwise Cohen's kappa of the most active annotators (up to 12), over the pairs of
 * them that share at least `minShared` items: the human-human figure the judge is read against
 * (PandaLM publishes it per pair: 0.85, 0.88, 0.86).
 */
export function meanPairwiseKappa(items: readonly ReadonlyMap<number, string>[], categories: readonly string[], minShared = 10): MeanPairwiseKappa | null {
  const counts = new Map<number, number>();
  for (const votes of items) for (const a of votes.keys()) counts.set(a, (counts.get(a) ?? 0) + 1);
  const top = [...counts.entries()]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 12)
    .map(([a]) => a);
  const shared = (sample: readonly ReadonlyMap<number, string>[], a: number, b: number) => {
    const pairs: [string, string][] = [];
    for (const votes of sample) {
      const x = votes.get(a);
      const y = votes.get(b);
      if (x !== undefined && y !== undefined) pairs.push([x, y]);
    }
    return pairs;
  };
  const annotatorPairs: [number, number][] = [];
  for (let i = 0; i < top.length; i++)
    for (let j = i + 1; j < top.length; j++) if (shared(items, top[i]!, top[j]!).length >= minShared) annotatorPairs.push([top[i]!, top[j]!]);
  if (annotatorPairs.length === 0) return null;
  const units = items.filter((votes) => votes.size >= 2);
  const mean = (sample: readonly ReadonlyMap<number, string>[]) => {
    const values = annotatorPairs.map(([a, b]) => cohenKappa(shared(sample, a, b), { categories }).value).filter(Number.isFinite);
    return values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : Number.NaN;
  };
  const r = bootstrapCi(forBootstrap(units), mean, { samples: 200, seed: SEED });
  return { value: mean(units), ci: [r.lower, r.upper], pairs: annotatorPairs.length, annotators: new Set(annotatorPairs.flat()).size, items: units.length };
}
