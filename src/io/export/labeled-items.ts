import type { AgreementThreshold } from "../../domain/agreement-threshold.js";
import type { Choice } from "../../domain/choice.js";
import type { ChatTurn } from "../../domain/comparison.js";
import type { Db } from "../../storage/database.js";
import { findComparison } from "../../storage/repos/comparisons.repo.js";
import { itemsWithVotes, type ItemVoteRow } from "../../storage/repos/item-votes.repo.js";
import { majorityLabel, type ItemLabel, type VoteForItem } from "./aggregate.js";
import type { LeftOutTally } from "./left-out.js";
import { isNoPreference } from "../../domain/choice.js";

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
  /** Minimum agreement (share of judgments for the label), compared as written (see AgreementThreshold). */
  minAgreement?: AgreementThreshold;
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
  /** Keep items with fewer judgments than their overlap (still being labeled). Default false. */
  includeIncomplete?: boolean;
  /** Keep degenerate training targets (empty, boolean-only, chosen = rejected). Default false. */
  keepDegenerate?: boolean;
  /** Count the AI judge's verdicts as votes (`--include-ai`). Default false: training data is human. */
  includeAi?: boolean;
}

/** Labels per item from another aggregator (Dawid-Skene), by comparison id. */
export type LabelOverride = (comparisonId: number, votes: readonly VoteForItem[]) => ItemLabel | undefined;

const passesJudgmentFilters = (v: ItemVoteRow, f: ExportFilters): boolean =>
  (f.since === undefined || v.createdAt >= f.since.getTime()) &&
  (f.until === undefined || v.createdAt < f.until.getTime()) &&
  (f.guidelineVersion === undefined || v.guidelineVersion === f.guidelineVersion) &&
  (!f.qualifiedOnly || v.annotatorStatus === "qualified" || v.annotatorPlatform === "external" || v.ai);

/**
 * Streams a campaign's regular items with their aggregated labels, one item at a time, and counts
 * in `tally` every item it leaves out and why (nothing is dropped silently).
 *
 * The rules, in order: a lead's adjudication is the final label and is always exported (it is the
 * answer to the very items whose votes were split or flagged); an item with no judgment, or fewer
 * than its overlap (unless `includeIncomplete`), waits; flagged judgments and those outside the
 * judgment filters do not count; an item needs a label from what is left (a majority, or an A/B
 * tie), at least the minimum agreement, and not a tie when ties are excluded.
 */
export async function* labeledItems(
  db: Db,
  campaignId: number,
  filters: ExportFilters,
  tally: LeftOutTally,
  aggregate: LabelOverride = (_id, votes) => majorityLabel(votes),
): AsyncGenerator<LabeledItem> {
  const excludeFlagged = filters.excludeFlagged ?? true;
  for await (const item of itemsWithVotes(db, campaignId)) {
    // The AI judge's verdicts are not votes unless asked for: without --include-ai an item the
    // judge alone scored is as unjudged as one nobody scored (the QA report counts them apart).
    const all = filters.includeAi ? item.votes : item.votes.filter((v) => !v.ai);
    const inFilters = all.filter((v) => passesJudgmentFilters(v, filters));
    const counted = excludeFlagged ? inFilters.filter((v) => v.flags.length === 0) : inFilters;
    tally.judgments.filtered += all.length - inFilters.length;
    tally.judgments.flagged += inFilters.length - counted.length;
    // The judge's confidence (0–1) lives in ai_verdicts; the column holds people's 1–5 rating only.
    const votes: VoteForItem[] = counted.map((v) => ({ annotator: v.annotatorId, choice: v.choice, confidence: v.confidence }));

    let label: ItemLabel | undefined;
    if (item.adjudicated) {
      label = adjudicatedLabel(item.adjudicated, votes);
    } else {
      if (all.length === 0) {
        tally.leave(item.votes.length > 0 ? "ai_only" : "unjudged");
        continue;
      }
      if (item.doneCount < item.targetOverlap && !filters.includeIncomplete) {
        tally.leave("incomplete");
        continue;
      }
      if (votes.length === 0) {
        tally.leave(inFilters.length > 0 ? "flagged" : "filtered");
        continue;
      }
      label = await aggregate(item.comparisonId, votes);
      if (!label) {
        tally.leave("no_majority");
        continue;
      }
      if (filters.minAgreement && !filters.minAgreement.meets(label.support, label.judgments)) {
        tally.leave("below_agreement");
        continue;
      }
    }
    if (filters.excludeTies && isNoPreference(label.label)) {
      tally.leave("ties_excluded");
      continue;
    }
    const r = (await findComparison(db, item.comparisonId))!;
    yield {
      id: r.id,
      externalId: r.externalId,
      prompt: r.prompt,
      responseA: r.responseA,
      responseB: r.responseB,
      modelA: r.modelA,
      modelB: r.modelB,
      tags: r.tags,
      label,
      aiVotes: counted.filter((v) => v.ai).length,
    };
  }
}

/** A lead's final answer as a label; agreement says how many counted votes it matches. */
function adjudicatedLabel(choice: Choice, votes: readonly VoteForItem[]): ItemLabel {
  const support = votes.filter((v) => v.choice === choice).length;
  return { label: choice, agreement: votes.length > 0 ? support / votes.length : 0, support, confidence: 1, judgments: votes.length, source: "adjudicated" };
}

/** The preferred and the other response of a labeled item, or undefined for ties and both-bad. */
export function preferencePair(item: LabeledItem): { chosen: string; rejected: string; chosenModel: string | null; rejectedModel: string | null } | undefined {
  if (item.label.label === "a") return { chosen: item.responseA, rejected: item.responseB, chosenModel: item.modelA, rejectedModel: item.modelB };
  if (item.label.label === "b") return { chosen: item.responseB, rejected: item.responseA, chosenModel: item.modelB, rejectedModel: item.modelA };
  return undefined;
}
