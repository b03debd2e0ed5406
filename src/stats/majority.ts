/** A label given to an item by an annotator. */
export interface Labeling {
  annotator: string;
  item: string;
  label: string;
}

export interface MajorityResult {
  item: string;
  /** undefined when the tie rule leaves the item without a label. */
  label: string | undefined;
  votes: number;
  share: number;
  tied: boolean;
}

/**
 * Majority vote per item. Tie rule, stated: when several labels share the most votes the item is
 * `tied`; with `ties: "none"` (default) it gets no label, with `ties: "first"` it gets the tied
 * label that comes first in `order` (for preference data ["tie", …] puts a split between A and B on
 * "tie"), with `ties: "label:<x>"` it gets that label.
 */
export function majorityVote(
  labelings: readonly Labeling[],
  options: { ties?: "none" | "first" | `label:${string}`; order?: readonly string[] } = {},
): MajorityResult[] {
  const byItem = new Map<string, Map<string, number>>();
  for (const l of labelings) {
    let counts = byItem.get(l.item);
    if (!counts) byItem.set(l.item, (counts = new Map()));
    counts.set(l.label, (counts.get(l.label) ?? 0) + 1);
  }
  const ties = options.ties ?? "none";
  const rank = (label: string) => {
    const i = options.order?.indexOf(label) ?? -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...byItem.entries()].map(([item, counts]) => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const best = Math.max(...counts.values());
    const leaders = [...counts.entries()].filter(([, n]) => n === best).map(([label]) => label);
    const tied = leaders.length > 1;
    let label: string | undefined = leaders[0];
    if (tied)
      label =
        ties === "none" ? undefined : ties === "first" ? [...leaders].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))[0] : ties.slice("label:".length);
    return { item, label, votes: best, share: best / total, tied };
  });
}
