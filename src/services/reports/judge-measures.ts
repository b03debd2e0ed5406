import type { Route } from "../../domain/ai-judge/routing.js";
import { overturnsJudge } from "../../domain/ai-judge/routing.js";
import type { AiVerdictRow } from "../../storage/repos/ai-judgments.repo.js";
import type { HumanVoteRow } from "../../storage/repos/judgments.repo.js";
import { pairedAgreement, type KappaWithCi } from "./judge-agreement.js";
import { CHOICES } from "../../domain/choice.js";

/** What routing did to the human work, against the campaign's overlap. */
export interface RoutingSavings {
  routes: Record<Route, number>;
  /** Human judgments the routed pairs wanted before the judge, and after. */
  before: number;
  after: number;
  /** before − after: positive when the judge saved human work. */
  saved: number;
  /** Human judgments the campaign's overlap asks for the scored pairs. */
  baseline: number;
  /** Confident pairs a human checked, and how many of them the checking humans overturned. */
  confirmed: number;
  overturned: number;
}

/**
 * Savings from routing (targets before and after each verdict) and how often the humans who
 * confirmed a confident verdict overturned it: the first `max(1, target)` humans on the pair, by
 * the rule that sends an overturned pair back to the full overlap.
 */
export function routingSavings(verdicts: readonly AiVerdictRow[], votesByItem: ReadonlyMap<number, readonly HumanVoteRow[]>, overlap: number): RoutingSavings {
  const s: RoutingSavings = {
    routes: { borderline: 0, neutral: 0, confident: 0 },
    before: 0,
    after: 0,
    saved: 0,
    baseline: verdicts.length * overlap,
    confirmed: 0,
    overturned: 0,
  };
  for (const v of verdicts) {
    s.routes[v.route]++;
    s.before += v.targetBefore;
    s.after += v.targetAfter;
    if (v.route !== "confident") continue;
    const checkers = (votesByItem.get(v.comparisonId) ?? []).filter((h) => h.createdAt >= v.createdAt).slice(0, Math.max(1, v.targetAfter));
    if (checkers.length === 0) continue;
    s.confirmed++;
    if (
      overturnsJudge(
        checkers.map((h) => h.choice),
        v.choice,
      )
    )
      s.overturned++;
  }
  s.saved = s.before - s.after;
  return s;
}

/** Agreement of people's votes with the judge's verdict, by what they could see of it. */
export type AnchoringMode = "never" | "after_vote" | "before_vote" | "before_vote_unshown" | "no_judge";

/**
 * The anchoring measure: each human vote on a scored pair, grouped by the campaign's aiJudge.show
 * when it was cast. A `before_vote` vote counts as shown only when the verdict existed when the
 * card was shown and its two orders agreed (otherwise the card had no suggestion to give).
 */
export function anchoring(
  verdicts: readonly AiVerdictRow[],
  votesByItem: ReadonlyMap<number, readonly HumanVoteRow[]>,
): Partial<Record<AnchoringMode, KappaWithCi>> {
  const groups = new Map<AnchoringMode, [string, string][]>();
  for (const v of verdicts) {
    for (const h of votesByItem.get(v.comparisonId) ?? []) {
      let mode: AnchoringMode = h.aiShown ?? "no_judge";
      if (mode === "before_vote" && !(v.ordersAgree && h.shownAt !== null && v.createdAt <= h.shownAt)) mode = "before_vote_unshown";
      const list = groups.get(mode) ?? [];
      list.push([h.choice, v.choice]);
      groups.set(mode, list);
    }
  }
  const out: Partial<Record<AnchoringMode, KappaWithCi>> = {};
  for (const [mode, pairs] of groups) {
    const r = pairedAgreement(pairs, CHOICES);
    if (r) out[mode] = r;
  }
  return out;
}
