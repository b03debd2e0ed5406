import { seededRandom } from "../random.js";
import { modelsOf, type Battle, type TieRule } from "./battles.js";

export interface BradleyTerryResult {
  /** Ratings on the Elo scale: 400 · log10(strength), shifted so the anchor sits where asked. */
  ratings: Record<string, number>;
  /** Bootstrap percentile intervals over battles, when asked for. */
  ci?: Record<string, [number, number]>;
  battles: number;
  iterations: number;
}

/**
 * Bradley-Terry by maximum likelihood, P(i beats j) = p_i / (p_i + p_j), fitted with Hunter's (2004)
 * MM iteration p_i ← W_i / Σ_j n_ij / (p_i + p_j). Ties (and both-bad) count half a win to each side
 * (`ties: "half"`, Chatbot Arena's rule) or are dropped (`"exclude"`). Reported on the Elo scale
 * (400 points = 10× the odds), with the `anchor` model at its rating, or the mean at 1000.
 * A model that never wins or never loses has no finite MLE; a tiny prior (`prior` pseudo-games of
 * a draw against every opponent, default 0.01) keeps every rating finite.
 */
export function bradleyTerry(
  battles: readonly Battle[],
  options: { ties?: TieRule; anchor?: { model: string; rating: number }; prior?: number; maxIterations?: number; tolerance?: number; bootstrap?: { samples: number; seed?: number; level?: number } } = {},
): BradleyTerryResult {
  const fit = (sample: readonly Battle[]) => fitRatings(sample, options);
  const main = fit(battles);
  const result: BradleyTerryResult = { ratings: main.ratings, battles: main.battles, iterations: main.iterations };
  if (options.bootstrap) {
    const random = seededRandom(options.bootstrap.seed ?? 7);
    const draws: Record<string, number[]> = Object.fromEntries(Object.keys(main.ratings).map((m) => [m, []]));
    const sample: Battle[] = new Array(battles.length);
    for (let b = 0; b < options.bootstrap.samples; b++) {
      for (let i = 0; i < battles.length; i++) sample[i] = battles[Math.floor(random() * battles.length)]!;
      const r = fit(sample).ratings;
      for (const m of Object.keys(draws)) if (r[m] !== undefined) draws[m]!.push(r[m]!);
    }
    const level = options.bootstrap.level ?? 0.95;
    result.ci = Object.fromEntries(
      Object.entries(draws).map(([m, values]) => {
        values.sort((a, b) => a - b);
        const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(q * (values.length - 1))))]!;
        return [m, [at((1 - level) / 2), at((1 + level) / 2)] as [number, number]];
      }),
    );
  }
  return result;
}

function fitRatings(battles: readonly Battle[], options: { ties?: TieRule; anchor?: { model: string; rating: number }; prior?: number; maxIterations?: number; tolerance?: number }) {
  const models = modelsOf(battles);
  const index = new Map(models.map((m, i) => [m, i]));
  const M = models.length;
  const wins = new Float64Array(M);
  const games = Array.from({ length: M }, () => new Float64Array(M));
  let counted = 0;
  const prior = options.prior ?? 0.01;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      if (i === j) continue;
      games[i]![j]! += prior;
      wins[i]! += prior / 2;
    }
  }
  for (const b of battles) {
    const i = index.get(b.modelA)!;
    const j = index.get(b.modelB)!;
    if (i === j) continue;
    const tie = b.winner === "tie" || b.winner === "both_bad";
    if (tie && options.ties === "exclude") continue;
    counted++;
    games[i]![j]! += 1;
    games[j]![i]! += 1;
    if (tie) {
      wins[i]! += 0.5;
      wins[j]! += 0.5;
    } else if (b.winner === "model_a") wins[i]! += 1;
    else wins[j]! += 1;
  }
  let p = new Float64Array(M).fill(1);
  let iterations = 0;
  const tolerance = options.tolerance ?? 1e-10;
  for (; iterations < (options.maxIterations ?? 10_000); iterations++) {
    const next = new Float64Array(M);
    for (let i = 0; i < M; i++) {
      let denom = 0;
      for (let j = 0; j < M; j++) if (i !== j && games[i]![j]! > 0) denom += games[i]![j]! / (p[i]! + p[j]!);
      next[i] = denom > 0 ? wins[i]! / denom : p[i]!;
    }
    // Fix the scale: geometric mean 1.
    const logMean = next.reduce((s, x) => s + Math.log(x), 0) / M;
    let change = 0;
    for (let i = 0; i < M; i++) {
      next[i] = next[i]! / Math.exp(logMean);
      change = Math.max(change, Math.abs(Math.log(next[i]!) - Math.log(p[i]!)));
    }
    p = next;
    if (change < tolerance) break;
  }
  const elo = [...p].map((x) => 400 * Math.log10(x));
  const anchorIndex = options.anchor ? index.get(options.anchor.model) : undefined;
  if (options.anchor && anchorIndex === undefined) throw new Error(`anchor model "${options.anchor.model}" has no battles; models: ${models.join(", ")}`);
  const shift = anchorIndex !== undefined ? options.anchor!.rating - elo[anchorIndex]! : 1000 - elo.reduce((a, b) => a + b, 0) / M;
  return { ratings: Object.fromEntries(models.map((m, i) => [m, elo[i]! + shift])), battles: counted, iterations };
}
