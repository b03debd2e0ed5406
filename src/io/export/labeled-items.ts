import type { Choice } from "../../domain/choice.js";
import type { ChatTurn } from "../../domain/comparison.js";
import type { Db } from "../../storage/database.js";
import { majorityLabel, type ItemLabel, type VoteForItem } from "./aggregate.js";
import { humanJudgment } from "../../storage/human-judgments.js";

/** An item with its aggregated label, ready for a training format. */
export interface LabeledItem {
  id: number;
  externalId: string;
  prompt: ChatTurn[];
  responseA: string;
  responseB: string;
  modelA: string | null;
  modelB: string | null;
  tags: string[];
  label: ItemLabel;
  /** How many of the votes behind the label are the AI judge's (0 unless `includeAi`). */
  aiVotes: number;
}

export interface ExportFilters {
  /** Minimum agreement (share of judgments for the label), 0–1. */
  minAgreement?: number;
  /** Leave out items labeled tie (and both_bad, which carries no preference). */
  excludeTies?: boolean;
  /** Count only judgments of annotators whose status is `qualified` (imported annotators count). */
  qualifiedOnly?: boolean;
  /** Judgments made at or after / before these times. */
  since?: Date;
  until?: Date;
  /** Only judgments made under this guideline version. */
  guidelineVersion?: number;
  /** Leave out judgments flagged as anomalies (too fast, straight-lining …). Default true. */
  excludeFlagged?: boolean;
  /** Count the AI judge's verdicts as votes (`--include-ai`). Default false: training data is human. */
  includeAi?: boolean;
}

/** Labels per item from another aggregator (Dawid-Skene), by comparison id. */
export type LabelOverride = (comparisonId: number, votes: readonly VoteForItem[]) => ItemLabel | undefined;

/**
 * Streams a campaign's regular items with their aggregated labels, one item at a time (judgments
 * are read in comparison order through the (comparison_id, annotator_id) index), so a million
 * judgments pass in constant memory. A lead's adjudication overrides the vote.
 */
export function* labeledItems(db: Db, campaignId: number, filters: ExportFilters = {}, aggregate: LabelOverride = (_id, votes) => majorityLabel(votes)): Generator<LabeledItem> {
  const where: string[] = ["j.campaign_id = @campaign", "x.kind = 'regular'"];
  const params: Record<string, unknown> = { campaign: campaignId };
  if (!filters.includeAi) where.push(humanJudgment("j"));
  if (filters.qualifiedOnly) where.push("(a.status = 'qualified' OR a.platform IN ('external', 'ai'))");
  if (filters.since) {
    where.push("j.created_at >= @since");
    params.since = filters.since.getTime();
  }
  if (filters.until) {
    where.push("j.created_at < @until");
    params.until = filters.until.getTime();
  }
  if (filters.guidelineVersion !== undefined) {
    where.push("g.version = @version");
    params.version = filters.guidelineVersion;
  }
  if (filters.excludeFlagged ?? true) where.push("NOT EXISTS (SELECT 1 FROM judgment_flags f WHERE f.judgment_id = j.id)");
  const rows = db.$client
    .prepare(
      `SELECT j.comparison_id, j.annotator_id, j.choice, j.confidence, j.source = 'ai' AS ai
       FROM judgments j JOIN comparisons x ON x.id = j.comparison_id JOIN annotators a ON a.id = j.annotator_id
       LEFT JOIN guideline_versions g ON g.id = j.guideline_version_id
       WHERE ${where.join(" AND ")} ORDER BY j.comparison_id, j.annotator_id`,
    )
    .iterate(params) as IterableIterator<{ comparison_id: number; annotator_id: number; choice: Choice; confidence: number | null; ai: number }>;
  const item = db.$client.prepare("SELECT * FROM comparisons WHERE id = ?");
  const adjudicated = db.$client.prepare("SELECT final_choice FROM adjudications WHERE comparison_id = ? AND status = 'resolved'");

  const emit = (comparisonId: number, votes: VoteForItem[], aiVotes: number): LabeledItem | undefined => {
    const final = adjudicated.get(comparisonId) as { final_choice: Choice } | undefined;
    const label: ItemLabel | undefined = final
      ? { label: final.final_choice, agreement: votes.filter((v) => v.choice === final.final_choice).length / Math.max(1, votes.length), confidence: 1, judgments: votes.length, source: "adjudicated" }
      : aggregate(comparisonId, votes);
    if (!label) return undefined;
    if (filters.minAgreement !== undefined && label.agreement < filters.minAgreement && label.source !== "adjudicated") return undefined;
    if (filters.excludeTies && (label.label === "tie" || label.label === "both_bad")) return undefined;
    const r = item.get(comparisonId) as Record<string, unknown>;
    return {
      id: comparisonId,
      externalId: r.external_id as string,
      prompt: JSON.parse(r.prompt as string) as ChatTurn[],
      responseA: r.response_a as string,
      responseB: r.response_b as string,
      modelA: r.model_a as string | null,
      modelB: r.model_b as string | null,
      tags: JSON.parse(r.tags as string) as string[],
      label,
      aiVotes,
    };
  };

  let current: number | undefined;
  let votes: VoteForItem[] = [];
  let aiVotes = 0;
  for (const row of rows) {
    if (row.comparison_id !== current) {
      if (current !== undefined) {
        const out = emit(current, votes, aiVotes);
        if (out) yield out;
      }
      current = row.comparison_id;
      votes = [];
      aiVotes = 0;
    }
    // The judge's confidence (0–1) lives in ai_verdicts; the column holds people's 1–5 rating only.
    votes.push({ annotator: row.annotator_id, choice: row.choice, confidence: row.confidence });
    aiVotes += row.ai;
  }
  if (current !== undefined) {
    const out = emit(current, votes, aiVotes);
    if (out) yield out;
  }
}

/** The preferred and the other response of a labeled item, or undefined for ties and both-bad. */
export function preferencePair(item: LabeledItem): { chosen: string; rejected: string; chosenModel: string | null; rejectedModel: string | null } | undefined {
  if (item.label.label === "a") return { chosen: item.responseA, rejected: item.responseB, chosenModel: item.modelA, rejectedModel: item.modelB };
  if (item.label.label === "b") return { chosen: item.responseB, rejected: item.responseA, chosenModel: item.modelB, rejectedModel: item.modelA };
  return undefined;
}
