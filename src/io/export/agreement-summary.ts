import type { Db } from "../../storage/database.js";
import { bootstrapCi, fleissKappa, gwetAc, krippendorffAlpha, perAnnotatorAgreement, type Labeling } from "../../stats/index.js";
import { campaignRatings } from "../campaign-ratings.js";
import { humanJudgment } from "../../storage/human-judgments.js";

const CHOICES = ["a", "b", "tie", "both_bad"];

/**
 * Chance-corrected agreement of a campaign's regular judgments for the QA report: Krippendorff's
 * alpha (nominal), Fleiss' kappa and Gwet's AC1 with seeded bootstrap CIs over items, and each
 * annotator's Cohen's kappa against the others' majority.
 */
export function agreementSummary(db: Db, campaignId: number, options: { samples?: number; seed?: number } = {}): Record<string, unknown> {
  const { units, raters } = campaignRatings(db, campaignId);
  const pairable = units.filter((u) => u.length >= 2);
  if (pairable.length === 0) return { note: "no item has two or more judgments yet", items: units.length, annotators: raters };
  const ci = { samples: options.samples ?? 200, seed: options.seed ?? 1 };
  const summarize = (name: string, f: (t: readonly string[][]) => number) => {
    const r = bootstrapCi(pairable, f, ci);
    return { [name]: { value: r.estimate, ci95: [r.lower, r.upper] } };
  };
  const labelings = db.$client
    .prepare(`SELECT j.annotator_id AS annotator, j.comparison_id AS item, j.choice AS label FROM judgments j JOIN comparisons x ON x.id = j.comparison_id WHERE j.campaign_id = ? AND x.kind = 'regular' AND ${humanJudgment("j")}`)
    .all(campaignId) as { annotator: number; item: number; label: string }[];
  const perAnnotator = perAnnotatorAgreement(
    labelings.map((l): Labeling => ({ annotator: String(l.annotator), item: String(l.item), label: l.label })),
    { categories: CHOICES },
  );
  return {
    items: pairable.length,
    annotators: raters,
    ...summarize("krippendorffAlphaNominal", (t) => krippendorffAlpha(t, { categories: CHOICES }).value),
    ...summarize("fleissKappa", (t) => fleissKappa(t, { categories: CHOICES }).value),
    ...summarize("gwetAc1", (t) => gwetAc(t, { categories: CHOICES }).value),
    bootstrap: `percentile, ${ci.samples} resamples of items, seed ${ci.seed}`,
    kappaVsOthersByAnnotatorId: Object.fromEntries(perAnnotator.map((a) => [a.annotator, a.vsOthers ? Number(a.vsOthers.value.toFixed(4)) : null])),
  };
}
