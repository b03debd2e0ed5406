import type { Db } from "../../storage/database.js";
import { campaignAnnotators } from "../../storage/repos/annotators.repo.js";
import { regularLabelings, type LabelingRow } from "../../storage/repos/item-votes.repo.js";
import { bootstrapCi, cohenKappa, fleissKappa, gwetAc, krippendorffAlpha, perAnnotatorAgreement, type Labeling } from "../../stats/index.js";
import { campaignRatings } from "../campaign-ratings.js";
import { annotatorNamer } from "./annotator-name.js";
import { CHOICES } from "../../domain/choice.js";

/** A statistic with its 95% bootstrap confidence interval. */
export interface Estimate {
  value: number;
  ci95: [number, number];
}

/** Cohen's kappa between two annotators over the items both judged. */
interface PairKappa {
  a: string;
  b: string;
  sharedItems: number;
  kappa: number;
}

/**
 * Chance-corrected agreement of a campaign's regular judgments. Annotators are named as everywhere
 * else a lead reads (see annotator-name.ts), never by database id.
 */
export interface AgreementSummary {
  /** Items with two or more judgments (the ones agreement can be measured on). */
  items: number;
  annotators: number;
  krippendorffAlphaNominal?: Estimate;
  fleissKappa?: Estimate;
  gwetAc1?: Estimate;
  bootstrap?: string;
  /** Each annotator's Cohen's kappa against the majority of the others on the same items. */
  kappaVsOthers: Record<string, number | null>;
  /** Cohen's kappa of every pair of annotators who share at least two items, most shared first. */
  pairwiseKappa: PairKappa[];
  /** Set when nothing can be measured yet. */
  note?: string;
}

/**
 * Krippendorff's alpha (nominal), Fleiss' kappa and Gwet's AC1 with seeded bootstrap CIs over items,
 * each annotator's Cohen's kappa against the others' majority, and the pairwise Cohen's kappas.
 */
export async function agreementSummary(
  db: Db,
  campaignId: number,
  options: { samples?: number; seed?: number; realIds?: boolean } = {},
): Promise<AgreementSummary> {
  const { units, raters } = await campaignRatings(db, campaignId);
  const pairable = units.filter((u) => u.length >= 2);
  const labelings = await regularLabelings(db, campaignId);
  const identities = await campaignAnnotators(db, campaignId);
  const namer = await annotatorNamer(db, { realIds: options.realIds ?? false });
  const name = (id: number) => {
    const who = identities.get(id);
    return who ? namer(who) : `#${id}`;
  };
  if (pairable.length === 0) return { items: 0, annotators: raters, kappaVsOthers: {}, pairwiseKappa: [], note: "no item has two or more judgments yet" };
  const ci = { samples: options.samples ?? 200, seed: options.seed ?? 1 };
  const estimate = (f: (t: readonly string[][]) => number): Estimate => {
    const r = bootstrapCi(pairable, f, ci);
    return { value: r.estimate, ci95: [r.lower, r.upper] };
  };
  const perAnnotator = perAnnotatorAgreement(
    labelings.map((l): Labeling => ({ annotator: String(l.annotator), item: String(l.item), label: l.label })),
    { categories: CHOICES },
  );
  return {
    items: pairable.length,
    annotators: raters,
    krippendorffAlphaNominal: estimate((t) => krippendorffAlpha(t, { categories: CHOICES }).value),
    fleissKappa: estimate((t) => fleissKappa(t, { categories: CHOICES }).value),
    gwetAc1: estimate((t) => gwetAc(t, { categories: CHOICES }).value),
    bootstrap: `percentile, ${ci.samples} resamples of items, seed ${ci.seed}`,
    kappaVsOthers: Object.fromEntries(perAnnotator.map((a) => [name(Number(a.annotator)), a.vsOthers ? Number(a.vsOthers.value.toFixed(4)) : null])),
    pairwiseKappa: pairwiseKappas(labelings, name),
  };
}

/** Every pair of annotators who judged two or more of the same items, with Cohen's kappa over those items. */
function pairwiseKappas(labelings: readonly LabelingRow[], name: (id: number) => string): PairKappa[] {
  const byItem = new Map<number, LabelingRow[]>();
  for (const l of labelings) {
    const list = byItem.get(l.item);
    if (list) list.push(l);
    else byItem.set(l.item, [l]);
  }
  const pairs = new Map<string, { a: number; b: number; ratings: [string, string][] }>();
  for (const list of byItem.values()) {
    const sorted = [...list].sort((x, y) => x.annotator - y.annotator);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const x = sorted[i]!;
        const y = sorted[j]!;
        const key = `${x.annotator}|${y.annotator}`;
        const entry = pairs.get(key) ?? { a: x.annotator, b: y.annotator, ratings: [] };
        entry.ratings.push([x.label, y.label]);
        pairs.set(key, entry);
      }
    }
  }
  return [...pairs.values()]
    .filter((p) => p.ratings.length >= 2)
    .map((p) => ({ a: name(p.a), b: name(p.b), sharedItems: p.ratings.length, kappa: Number(cohenKappa(p.ratings, { categories: CHOICES }).value.toFixed(4)) }))
    .sort((x, y) => y.sharedItems - x.sharedItems || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}
