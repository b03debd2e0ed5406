import type { Choice } from "../../domain/choice.js";

/**
 * Cohen's kappa of one annotator against the reference answers, over the four choices as nominal
 * categories: (p_o − p_e) / (1 − p_e), with p_e from the two marginal distributions. When both
 * sides use a single identical category throughout (p_e = 1), agreement is perfect and kappa is 1.
 */
export function kappaAgainstReference(pairs: readonly { answer: Choice; reference: Choice }[]): { kappa: number; accuracy: number; n: number } {
  const n = pairs.length;
  if (n === 0) return { kappa: 0, accuracy: 0, n: 0 };
  const categories: Choice[] = ["a", "b", "tie", "both_bad"];
  let agree = 0;
  const rowTotals = new Map<Choice, number>();
  const colTotals = new Map<Choice, number>();
  for (const p of pairs) {
    if (p.answer === p.reference) agree++;
    rowTotals.set(p.answer, (rowTotals.get(p.answer) ?? 0) + 1);
    colTotals.set(p.reference, (colTotals.get(p.reference) ?? 0) + 1);
  }
  const po = agree / n;
  const pe = categories.reduce((s, c) => s + ((rowTotals.get(c) ?? 0) / n) * ((colTotals.get(c) ?? 0) / n), 0);
  const kappa = pe === 1 ? (po === 1 ? 1 : 0) : (po - pe) / (1 - pe);
  return { kappa, accuracy: po, n };
}
