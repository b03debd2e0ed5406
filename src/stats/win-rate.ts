import { modelsOf, type Battle, type TieRule } from "./battles.js";
import { isNoPreference } from "../domain/choice.js";

/**
 * The win-rate matrix: rate[a][b] is the share of a's battles against b that a won (ties half, or
 * left out with `ties: "exclude"`); null where the two never met.
 */
export function winRateMatrix(
  battles: readonly Battle[],
  options: { ties?: TieRule } = {},
): { models: string[]; rate: (number | null)[][]; games: number[][] } {
  const models = modelsOf(battles);
  const index = new Map(models.map((m, i) => [m, i]));
  const wins = models.map(() => models.map(() => 0));
  const games = models.map(() => models.map(() => 0));
  for (const b of battles) {
    const tie = isNoPreference(b.winner);
    if (tie && options.ties === "exclude") continue;
    const i = index.get(b.modelA)!;
    const j = index.get(b.modelB)!;
    if (i === j) continue;
    games[i]![j]! += 1;
    games[j]![i]! += 1;
    if (tie) {
      wins[i]![j]! += 0.5;
      wins[j]![i]! += 0.5;
    } else if (b.winner === "model_a") wins[i]![j]! += 1;
    else wins[j]![i]! += 1;
  }
  return { models, games, rate: wins.map((row, i) => row.map((w, j) => (games[i]![j]! > 0 ? w / games[i]![j]! : null))) };
}
