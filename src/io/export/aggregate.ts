import { CHOICES, type Choice } from "../../domain/choice.js";

/** One judgment as aggregation sees it. */
export interface VoteForItem {
  annotator: number;
  choice: Choice;
  confidence: number | null;
}

/** The label an item gets, with how much its annotators agreed. */
export interface ItemLabel {
  label: Choice;
  /** Share of judgments that chose the label (1 = unanimous): `support / judgments`. */
  agreement: number;
  /** Judgments that chose the label (for an A/B tie: the votes of each side). */
  support: number;
  /** The aggregator's confidence in the label: the vote share for majority, the posterior for Dawid-Skene. */
  confidence: number;
  judgments: number;
  /** How the label was decided. */
  source: "majority" | "dawid-skene" | "adjudicated" | "single";
}

const ORDER: readonly Choice[] = CHOICES;

/**
 * Majority vote. Tie rule, stated: when two or more choices share the most votes, the item has no
 * majority and the label is `tie` if A and B are the ones tied, otherwise the item is left
 * unlabeled (undefined) — it needs adjudication, not a coin flip.
 */
export function majorityLabel(votes: readonly VoteForItem[]): ItemLabel | undefined {
  if (votes.length === 0) return undefined;
  const counts = new Map<Choice, number>();
  for (const v of votes) counts.set(v.choice, (counts.get(v.choice) ?? 0) + 1);
  const best = Math.max(...counts.values());
  const leaders = ORDER.filter((c) => counts.get(c) === best);
  let label: Choice;
  if (leaders.length === 1) label = leaders[0]!;
  else if (leaders.length === 2 && leaders.includes("a") && leaders.includes("b")) label = "tie";
  else return undefined;
  const share = (counts.get(label) ?? 0) / votes.length;
  return {
    label,
    agreement: best / votes.length,
    support: best,
    confidence: share,
    judgments: votes.length,
    source: votes.length === 1 ? "single" : "majority",
  };
}
