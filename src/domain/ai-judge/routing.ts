import type { AiJudgeSettings } from "./settings.js";

const ROUTES = ["borderline", "neutral", "confident"] as const;
export type Route = (typeof ROUTES)[number];

export interface RoutingInput {
  ordersAgree: boolean;
  confidence: number;
  /** The pair's target of human judgments now (the campaign's overlap, or more if people already split on it). */
  currentTarget: number;
  overlap: number;
  maxOverlap: number;
  judge: Pick<AiJudgeSettings, "routing" | "confidentOverlap" | "countsTowardOverlap">;
}

/**
 * Where a pre-scored pair goes, and how many human judgments it then wants (pure).
 *
 * - borderline (orders disagree, or confidence under `borderlineBelow`): more humans, as an
 *   "ambiguous" rating does: `overlap + borderlineExtra`, capped at `maxOverlap`, never lowered.
 * - confident (orders agree at `confidentAt` or more): `confidentOverlap` humans, when set.
 * - neutral: the campaign's overlap.
 *
 * With `countsTowardOverlap` the judge's verdict takes one slot, except on borderline pairs. A pair
 * whose target humans already raised (they split on it) keeps it: people's doubt outranks the judge.
 */
export function routePair(input: RoutingInput): { route: Route; target: number } {
  const { routing, confidentOverlap, countsTowardOverlap } = input.judge;
  const route: Route =
    !input.ordersAgree || input.confidence < routing.borderlineBelow ? "borderline" : input.confidence >= routing.confidentAt ? "confident" : "neutral";
  if (route === "borderline") {
    return { route, target: Math.max(input.currentTarget, Math.min(input.maxOverlap, input.overlap + routing.borderlineExtra)) };
  }
  if (input.currentTarget > input.overlap) return { route, target: input.currentTarget };
  const humans = route === "confident" && confidentOverlap !== undefined ? Math.min(confidentOverlap, input.overlap) : input.overlap;
  return { route, target: Math.max(0, humans - (countsTowardOverlap ? 1 : 0)) };
}

/**
 * Whether the humans who confirmed a confident pair overturned the judge: fewer than a strict
 * majority of them agree with its verdict (so one human who disagrees overturns it). The pair then
 * goes back to the campaign's full overlap.
 */
export function overturnsJudge(humanChoices: readonly string[], judgeChoice: string): boolean {
  if (humanChoices.length === 0) return false;
  const agreeing = humanChoices.filter((c) => c === judgeChoice).length;
  return agreeing * 2 <= humanChoices.length;
}
