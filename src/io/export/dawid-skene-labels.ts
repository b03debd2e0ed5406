import type { Choice } from "../../domain/choice.js";
import type { Db } from "../../storage/database.js";
import { regularLabelings } from "../../storage/repos/item-votes.repo.js";
import { dawidSkene } from "../../stats/index.js";
import type { ItemLabel, VoteForItem } from "./aggregate.js";
import type { LabelOverride } from "./labeled-items.js";
import { CHOICES } from "../../domain/choice.js";

/**
 * Fits Dawid-Skene over a campaign's regular judgments (people's only, unless `includeAi`: then
 * each AI judge is one more annotator with a confusion matrix of its own) and returns a labeler
 * for the export: each item's most probable class, with its posterior as the confidence. Holds one
 * posterior per item.
 */
export async function dawidSkeneLabels(db: Db, campaignId: number, options: { includeAi?: boolean } = {}): Promise<LabelOverride> {
  const rows = await regularLabelings(db, campaignId, options);
  if (rows.length === 0) return () => undefined;
  const fit = dawidSkene(
    rows.map((r) => ({ annotator: String(r.annotator), item: String(r.item), label: r.label })),
    { classes: CHOICES },
  );
  const byItem = new Map(fit.items.map((i) => [Number(i.item), i]));
  return (comparisonId: number, votes: readonly VoteForItem[]): ItemLabel | undefined => {
    const item = byItem.get(comparisonId);
    if (!item) return undefined;
    const label = item.label as Choice;
    const support = votes.filter((v) => v.choice === label).length;
    return {
      label,
      agreement: support / Math.max(1, votes.length),
      support,
      confidence: Math.max(...item.posterior),
      judgments: votes.length,
      source: "dawid-skene",
    };
  };
}
