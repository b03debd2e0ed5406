import type { Db } from "../../storage/database.js";
import {
  adjudicationLogRows,
  annotatorCampaignRows,
  answerTimes,
  flagCounts,
  flagLogRows,
  agreementWithOthersMajority,
} from "../../storage/repos/annotator-quality.repo.js";
import type { AgreementSummary } from "./agreement-summary.js";
import { annotatorNamer } from "./annotator-name.js";
import type { LeftOutJudgments, LeftOutLine } from "./left-out.js";
import type { AiShare } from "./ai-share.js";

interface AnnotatorQa {
  /** The name used in every report, chart and export (see annotator-name.ts). */
  annotator: string;
  platform: string;
  status: string;
  judgments: number;
  goldAnswered: number;
  goldAccuracy: number | null;
  /** Share of this annotator's regular votes that match the others' most common choice on the item. */
  agreementWithOthers: number | null;
  /** Cohen's kappa against the others' majority (filled from the agreement summary). */
  kappaVsOthers: number | null;
  medianSeconds: number | null;
  /** Judgments with at least one anomaly flag. */
  flagged: number;
}

/** What the exported file holds; these counts are the file's own. */
export interface QaFile {
  name: string;
  format: string;
  /** Lines of data (a CSV's header not counted). */
  rows: number;
  /** Items with at least one row in the file. */
  items: number;
  /** Judgments in the file (raw) or behind the labels of its items. */
  judgments: number;
  /** Labels of the items in the file (empty for raw). */
  labels: Record<string, number>;
  unanimous: number;
  meanAgreement: number | null;
}

export interface QaReport {
  campaign: string;
  generatedAt: string;
  file: QaFile;
  leftOut: LeftOutLine[];
  leftOutJudgments: LeftOutJudgments;
  /** Degenerate training targets among the labeled items with a preference, and whether this file kept them. */
  degenerateTargets: { kind: string; what: string; items: number; kept: boolean }[];
  agreement: AgreementSummary;
  annotators: AnnotatorQa[];
  byTag: { tag: string; items: number; meanAgreement: number | null }[];
  flags: { kind: string; count: number }[];
  flagLog: { judgment: number; item: string; annotator: string; kind: string; detail: string; at: string }[];
  adjudications: {
    item: string;
    reason: string;
    status: string;
    finalChoice: string | null;
    note: string | null;
    resolvedBy: string | null;
    resolvedAt: string | null;
  }[];
  /** How much of the file the AI judge made, and which model. */
  ai?: AiShare;
}

/** Collects per-item figures of the items written, while the export streams. */
export function createQaAccumulator(): {
  add(item: { label: string; agreement: number; judgments: number; tags: string[] }, rows: number): void;
  snapshot(): Omit<QaFile, "name" | "format"> & { byTag: QaReport["byTag"] };
} {
  let rows = 0;
  let items = 0;
  let judgments = 0;
  let unanimous = 0;
  let agreementSum = 0;
  const labels: Record<string, number> = {};
  const tags = new Map<string, { items: number; sum: number }>();
  return {
    add(item, itemRows) {
      rows += itemRows;
      items++;
      judgments += item.judgments;
      agreementSum += item.agreement;
      if (item.agreement === 1) unanimous++;
      labels[item.label] = (labels[item.label] ?? 0) + 1;
      for (const tag of item.tags) {
        const t = tags.get(tag) ?? { items: 0, sum: 0 };
        t.items++;
        t.sum += item.agreement;
        tags.set(tag, t);
      }
    },
    snapshot() {
      return {
        rows,
        items,
        judgments,
        labels,
        unanimous,
        meanAgreement: items > 0 ? agreementSum / items : null,
        byTag: [...tags.entries()]
          .sort((a, b) => b[1].items - a[1].items || a[0].localeCompare(b[0]))
          .map(([tag, t]) => ({ tag, items: t.items, meanAgreement: t.sum / t.items })),
      };
    },
  };
}

/** Per-annotator figures, flags and the adjudication log, every annotator under the one naming. */
export async function annotatorQa(
  db: Db,
  campaignId: number,
  realIds: boolean,
  kappaVsOthers: Record<string, number | null> = {},
): Promise<Pick<QaReport, "annotators" | "flags" | "flagLog" | "adjudications">> {
  const name = await annotatorNamer(db, { realIds });
  const annotators = await Promise.all(
    (await annotatorCampaignRows(db, campaignId)).map(async (r): Promise<AnnotatorQa> => {
      const times = await answerTimes(db, r.id, campaignId);
      const annotator = name(r);
      return {
        annotator,
        platform: r.platform,
        status: r.status,
        judgments: r.judgments,
        goldAnswered: r.gold,
        goldAccuracy: r.gold > 0 ? r.goldCorrect / r.gold : null,
        agreementWithOthers: (await agreementWithOthersMajority(db, r.id, campaignId)).share,
        kappaVsOthers: kappaVsOthers[annotator] ?? null,
        medianSeconds: times.length > 0 ? times[Math.floor((times.length - 1) / 2)]! / 1000 : null,
        flagged: r.flagged,
      };
    }),
  );
  const flagLog = (await flagLogRows(db, campaignId)).map((f) => ({
    judgment: f.judgmentId,
    item: f.itemId,
    annotator: name(f),
    kind: f.kind,
    detail: f.detail,
    at: new Date(f.createdAt).toISOString(),
  }));
  const adjudications = (await adjudicationLogRows(db, campaignId)).map((d) => ({
    item: d.itemId,
    reason: d.reason,
    status: d.status,
    finalChoice: d.finalChoice,
    note: d.note,
    resolvedBy: d.resolvedBy,
    resolvedAt: d.resolvedAt === null ? null : new Date(d.resolvedAt).toISOString(),
  }));
  return { annotators, flags: await flagCounts(db, campaignId), flagLog, adjudications };
}
