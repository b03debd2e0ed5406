import { modelsOf, type Battle, type TieRule } from "./battles.js";
import type { PairedRows } from "./paired-logistic.js";
import { isNoPreference } from "../domain/choice.js";

/**
 * Battles counted per pair of models: `games[i·M + j]` games between i and j (symmetric),
 * `wins[i·M + j]` the games i won against j, a tie (and both-bad) counting half to each.
 */
export interface PairTally {
  models: string[];
  games: Float64Array;
  wins: Float64Array;
  /** Battles counted (ties left out under `ties: "exclude"` are not). */
  battles: number;
}

export const isTie = (b: Battle): boolean => isNoPreference(b.winner);

/** Counts battles per pair; `models` fixes the order (default: every model named, sorted). */
export function tallyBattles(battles: readonly Battle[], options: { ties?: TieRule; models?: readonly string[] } = {}): PairTally {
  const models = options.models ? [...options.models] : modelsOf(battles);
  const index = new Map(models.map((m, i) => [m, i]));
  const m = models.length;
  const games = new Float64Array(m * m);
  const wins = new Float64Array(m * m);
  let counted = 0;
  for (const b of battles) {
    const i = index.get(b.modelA);
    const j = index.get(b.modelB);
    if (i === undefined || j === undefined || i === j) continue;
    const tie = isTie(b);
    if (tie && options.ties === "exclude") continue;
    counted++;
    games[i * m + j]! += 1;
    games[j * m + i]! += 1;
    if (tie) {
      wins[i * m + j]! += 0.5;
      wins[j * m + i]! += 0.5;
    } else if (b.winner === "model_a") wins[i * m + j]! += 1;
    else wins[j * m + i]! += 1;
  }
  return { models, games, wins, battles: counted };
}

/**
 * The fit's rows: one per pair of models (i < j) that met, or every pair when `prior` > 0, whose
 * `prior` pseudo-games are draws (half a win each way) added to the pair's record.
 */
export function tallyRows(tally: Pick<PairTally, "models" | "games" | "wins">, prior: number): PairedRows {
  const m = tally.models.length;
  const a: number[] = [];
  const b: number[] = [];
  const y: number[] = [];
  const n: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const games = tally.games[i * m + j]! + prior;
      if (games === 0) continue;
      a.push(i);
      b.push(j);
      n.push(games);
      y.push((tally.wins[i * m + j]! + prior / 2) / games);
    }
  }
  return {
    models: m,
    features: 0,
    length: a.length,
    a: Int32Array.from(a),
    b: Int32Array.from(b),
    y: Float64Array.from(y),
    n: Float64Array.from(n),
    x: new Float64Array(0),
  };
}

/**
 * Why the maximum-likelihood ratings do not exist, or undefined when they do. They exist exactly
 * when every model beat (or tied), directly or through others, every other model: the "beat"
 * graph is strongly connected (Ford 1957; Hunter 2004, assumption 1).
 */
export function mleObstacle(tally: Pick<PairTally, "models" | "wins">): string | undefined {
  const m = tally.models.length;
  if (m < 2) return undefined;
  const reach = (from: number, forward: boolean): boolean[] => {
    const seen = new Array<boolean>(m).fill(false);
    const stack = [from];
    seen[from] = true;
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (let j = 0; j < m; j++) {
        const beat = forward ? tally.wins[i * m + j]! > 0 : tally.wins[j * m + i]! > 0;
        if (!seen[j] && beat) {
          seen[j] = true;
          stack.push(j);
        }
      }
    }
    return seen;
  };
  // One model alone first: the usual case, and the clearest thing to say.
  for (let i = 0; i < m; i++) {
    let won = 0;
    let lost = 0;
    for (let j = 0; j < m; j++) {
      won += tally.wins[i * m + j]!;
      lost += tally.wins[j * m + i]!;
    }
    if (lost === 0) return `${tally.models[i]} never lost a game`;
    if (won === 0) return `${tally.models[i]} never won a game`;
  }
  const names = (keep: boolean[]) => tally.models.filter((_, i) => keep[i]);
  const beaten = reach(0, true);
  if (beaten.some((x) => !x)) return `${list(names(beaten.map((x) => !x)))} never lost a game to the other models, directly or through others`;
  const beating = reach(0, false);
  if (beating.some((x) => !x)) return `${list(names(beating.map((x) => !x)))} never won a game against the other models, directly or through others`;
  return undefined;
}

function list(models: string[]): string {
  const shown = models.slice(0, 5).join(", ");
  return models.length > 5 ? `${shown} and ${models.length - 5} more` : shown;
}
