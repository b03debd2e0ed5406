import { kappaFromTable, type KappaResult } from "./cohen.js";
import type { Labeling } from "./majority.js";
import { agreementWeights } from "./ratings.js";

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
 *
 * One pass over the judgments, item by item: an item's label counts less the annotator's own
 * give the others' majority, so the time is linear in judgments (not annotators × items).
 * An annotator who labeled an item twice counts with their first label.
 */
export function perAnnotatorAgreement(
  labelings: readonly Labeling[],
  options: { categories: readonly string[]; gold?: ReadonlyMap<string, string> },
): AnnotatorAgreement[] {
  const categories = [...options.categories];
  const k = categories.length;
  const classOf = new Map(categories.map((c, i) => [c, i]));
  const annotators = [...new Set(labelings.map((l) => l.annotator))].sort();
  const annotatorOf = new Map(annotators.map((a, i) => [a, i]));
  const vsOthers = annotators.map(() => new Float64Array(k * k));
  const vsGold = annotators.map(() => new Float64Array(k * k));
  const othersUnits = new Float64Array(annotators.length);
  const goldUnits = new Float64Array(annotators.length);
  const label = (l: Labeling) => {
    const c = classOf.get(l.label);
    if (c === undefined) throw new Error(`value "${l.label}" is not among the declared categories (${categories.join(", ")})`);
    return c;
  };

  const byItem = new Map<string, Labeling[]>();
  for (const l of labelings) {
    let list = byItem.get(l.item);
    if (!list) byItem.set(l.item, (list = []));
    list.push(l);
  }
  const counts = new Float64Array(k);
  const others = new Float64Array(k);
  for (const [item, list] of byItem) {
    counts.fill(0);
    for (const l of list) counts[label(l)]! += 1;
    const gold = options.gold?.get(item);
    const goldClass = gold === undefined ? undefined : classOf.get(gold);
    if (gold !== undefined && goldClass === undefined)
      throw new Error(`gold answer "${gold}" of item ${item} is not among the declared categories (${categories.join(", ")})`);
    // Someone who labeled the item more than once: their labels are taken out of the others' together.
    const repeated = new Set(list.map((l) => l.annotator)).size < list.length;
    const seen = new Set<number>();
    for (const l of list) {
      const a = annotatorOf.get(l.annotator)!;
      if (seen.has(a)) continue;
      seen.add(a);
      const mine = label(l);
      if (goldClass !== undefined) {
        vsGold[a]![mine * k + goldClass]! += 1;
        goldUnits[a]! += 1;
      }
      others.set(counts);
      if (repeated) {
        for (const m of list) if (m.annotator === l.annotator) others[label(m)]! -= 1;
      } else others[mine]! -= 1;
      const leader = uniqueMax(others);
      if (leader !== undefined) {
        vsOthers[a]![mine * k + leader]! += 1;
        othersUnits[a]! += 1;
      }
    }
  }
  const weights = agreementWeights(k, "none");
  const kappa = (table: Float64Array, units: number): KappaResult | null => {
    if (units === 0) return null;
    const confusion = Array.from({ length: k }, (_, i) => [...table.subarray(i * k, (i + 1) * k)]);
    const r = kappaFromTable(confusion, weights);
    return { value: r.value, units, observedAgreement: r.observed, expectedAgreement: r.expected, categories, confusion };
  };
  return annotators.map((annotator, a) => ({ annotator, vsOthers: kappa(vsOthers[a]!, othersUnits[a]!), vsGold: kappa(vsGold[a]!, goldUnits[a]!) }));
}

/** The index of the single largest positive count, or undefined when there is none or a tie. */
function uniqueMax(counts: Float64Array): number | undefined {
  let best = -1;
  let tied = false;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i]! <= 0) continue;
    if (best < 0 || counts[i]! > counts[best]!) {
      best = i;
      tied = false;
    } else if (counts[i] === counts[best]) tied = true;
  }
  return best < 0 || tied ? undefined : best;
}
