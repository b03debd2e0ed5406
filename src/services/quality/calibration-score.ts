import { CHOICES, type Choice } from "../../domain/choice.js";
import { cohenKappa } from "../../stats/cohen.js";

/**
 * Cohen's kappa of one annotator against the reference answers, over the four choices as nominal
 * categories (the full set, so an unused choice still counts), and plain accuracy.
 */
export function kappaAgainstReference(pairs: readonly { answer: Choice; reference: Choice }[]): { kappa: number; accuracy: number; n: number } {
  if (pairs.length === 0) return { kappa: 0, accuracy: 0, n: 0 };
  const r = cohenKappa(
    pairs.map((p) => [p.answer, p.reference]),
    { categories: CHOICES },
  );
  return { kappa: r.value, accuracy: pairs.filter((p) => p.answer === p.reference).length / pairs.length, n: pairs.length };
}
