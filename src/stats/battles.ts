import type { Winner } from "../domain/choice.js";

/** One comparison between two models, as Chatbot Arena logs them. */
export interface Battle {
  modelA: string;
  modelB: string;
  winner: Winner;
}

/** How ties (and both-bad) count: half a win each, as Chatbot Arena counts them, or not at all. */
export type TieRule = "half" | "exclude";

export function modelsOf(battles: readonly Battle[]): string[] {
  return [...new Set(battles.flatMap((b) => [b.modelA, b.modelB]))].sort();
}
