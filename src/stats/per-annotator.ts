import { cohenKappa, type KappaResult } from "./cohen.js";
import type { Labeling } from "./majority.js";

export interface AnnotatorAgreement {
  annotator: string;
  /** Cohen's kappa against the majority of the other annotators on the same items (leave one out). */
  vsOthers: KappaResult | null;
  /** Cohen's kappa against gold references, on the gold items this annotator labeled. */
  vsGold: KappaResult | null;
}

/**
 * Each annotator's agreement, as Cohen's kappa over the given `categories`: against the others'
 * majority (items where the others have a unique majority label) and against gold references.
 * The confusion matrices come with each result (rows: the annotator, columns: the reference).
 */
export function perAnnotatorAgreement(labelings: readonly Labeling[], options: { categories: readonly string[]; gold?: ReadonlyMap<string, string> }): AnnotatorAgreement[] {
  const byItem = new Map<string, Labeling[]>();
  for (const l of labelings) {
    let list = byItem.get(l.item);
    if (!list) byItem.set(l.item, (list = []));
    list.push(l);
  }
  const annotators = [...new Set(labelings.map((l) => l.annotator))].sort();
  return annotators.map((annotator) => {
    const vsOthers: [string, string][] = [];
    const vsGold: [string, string][] = [];
    for (const [item, list] of byItem) {
      const mine = list.find((l) => l.annotator === annotator);
      if (!mine) continue;
      const gold = options.gold?.get(item);
      if (gold !== undefined) vsGold.push([mine.label, gold]);
      const counts = new Map<string, number>();
      for (const l of list) if (l.annotator !== annotator) counts.set(l.label, (counts.get(l.label) ?? 0) + 1);
      if (counts.size === 0) continue;
      const best = Math.max(...counts.values());
      const leaders = [...counts.entries()].filter(([, n]) => n === best);
      if (leaders.length === 1) vsOthers.push([mine.label, leaders[0]![0]]);
    }
    return {
      annotator,
      vsOthers: vsOthers.length > 0 ? cohenKappa(vsOthers, { categories: options.categories }) : null,
      vsGold: vsGold.length > 0 ? cohenKappa(vsGold, { categories: options.categories }) : null,
    };
  });
}
