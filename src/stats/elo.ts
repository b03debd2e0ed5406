import type { Battle, TieRule } from "./battles.js";
import { isNoPreference } from "../domain/choice.js";

/**
 * Online Elo, in battle order: expected score E = 1 / (1 + 10^((R_b − R_a)/400)), update
 * R ← R + K (S − E), S = 1, 0 or ½ for a tie (ties and both-bad half, or skipped with
 * `ties: "exclude"`). K = 4 and a 1000 start, as Chatbot Arena's online Elo used. Order-dependent by
 * design; prefer Bradley-Terry for a leaderboard.
 */
export function onlineElo(battles: readonly Battle[], options: { k?: number; initial?: number; ties?: TieRule } = {}): Record<string, number> {
  const k = options.k ?? 4;
  const initial = options.initial ?? 1000;
  const ratings: Record<string, number> = {};
  for (const b of battles) {
    const tie = isNoPreference(b.winner);
    if (tie && options.ties === "exclude") continue;
    const ra = (ratings[b.modelA] ??= initial);
    const rb = (ratings[b.modelB] ??= initial);
    const expected = 1 / (1 + 10 ** ((rb - ra) / 400));
    const score = tie ? 0.5 : b.winner === "model_a" ? 1 : 0;
    ratings[b.modelA] = ra + k * (score - expected);
    ratings[b.modelB] = rb - k * (score - expected);
  }
  return ratings;
}
