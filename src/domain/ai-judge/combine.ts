import { toStoredChoice, type Choice, type DisplayOrder } from "../choice.js";
import type { ParsedAnswer } from "./answer.js";

/** One order of asking, answered, in stored (A/B) terms: `ab` showed response A first. */
export interface OrderVerdict {
  order: DisplayOrder;
  choice: Choice;
  /** The verdict token's probability, when the server returned logprobs. */
  probability: number | undefined;
  rubric: Record<string, { a: number; b: number }>;
}

/** Maps an answer given in the terms of one order of asking (1 = shown first) to A/B terms. */
export function toOrderVerdict(order: DisplayOrder, answer: Pick<ParsedAnswer, "verdict" | "scores">, probability: number | undefined): OrderVerdict {
  const rubric: OrderVerdict["rubric"] = {};
  for (const [name, s] of Object.entries(answer.scores)) rubric[name] = order === "ab" ? { a: s.first, b: s.second } : { a: s.second, b: s.first };
  return { order, choice: toStoredChoice(answer.verdict, order), probability, rubric };
}

/** The judge's verdict on a pair, both orders combined, in stored (A/B) terms. */
export interface PairVerdict {
  choice: Choice;
  /** Both orders named the same choice: position bias did not decide it. */
  ordersAgree: boolean;
  /** 0–1; see {@link combineOrders}. */
  confidence: number;
  /** Rubric scores per dimension for A and B, averaged over the orders that scored it. */
  rubric: Record<string, { a: number; b: number }>;
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * Combines the two orders of asking, position bias cancelled as in MT-Bench: a verdict stands only
 * when both orders give it; otherwise the pair is a tie with no confidence.
 *
 * Confidence: 0 when the orders disagree. When they agree, the mean probability the judge gave
 * its verdict token in the orders where the server returned logprobs, and 1 where it returned
 * none (agreement of the two orders is then all that is known).
 */
export function combineOrders(ab: OrderVerdict, ba: OrderVerdict): PairVerdict {
  const ordersAgree = ab.choice === ba.choice;
  const probabilities = [ab.probability, ba.probability].filter((p): p is number => p !== undefined);
  const confidence = !ordersAgree ? 0 : probabilities.length > 0 ? mean(probabilities) : 1;
  const rubric: PairVerdict["rubric"] = {};
  for (const name of new Set([...Object.keys(ab.rubric), ...Object.keys(ba.rubric)])) {
    const scored = [ab.rubric[name], ba.rubric[name]].filter((s): s is { a: number; b: number } => s !== undefined);
    rubric[name] = { a: mean(scored.map((s) => s.a)), b: mean(scored.map((s) => s.b)) };
  }
  return { choice: ordersAgree ? ab.choice : "tie", ordersAgree, confidence, rubric };
}

/** The preference a pair of rubric scores implies: the higher-scored response, or a tie. */
export function rubricPreference(scores: { a?: number | undefined; b?: number | undefined } | undefined): Choice | undefined {
  if (scores?.a === undefined || scores.b === undefined) return undefined;
  return scores.a > scores.b ? "a" : scores.a < scores.b ? "b" : "tie";
}
