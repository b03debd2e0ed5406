import { formatClockInZone } from "../domain/format-time.js";
import { z } from "zod";
import { SCREEN_CHOICES, toStoredChoice } from "../domain/choice.js";
import type { GoldReference } from "../domain/comparison.js";
import { PairwiseError } from "../errors.js";
import { completeAssignment, releaseAssignment } from "../storage/repos/assignments.repo.js";
import { findJudgmentByAssignment, insertJudgmentUnderLatestGuideline, reviseJudgment, type JudgmentRecord } from "../storage/repos/judgments.repo.js";
import { isFinalAnswer } from "../domain/final-answers.js";
import { campaignSettings } from "./find-campaign.js";
import { loadOwnedAssignment, type OwnedAssignment } from "./load-assignment.js";
import { withTransaction, type ServiceContext } from "./context.js";
import { emitVoteEvents } from "./webhooks/after-vote.js";
import { afterJudgment, type QualityOutcome } from "./quality/after-judgment.js";
import { leaseOver } from "./lease.js";

const Identity = z.object({
  platform: z.string().min(1),
  workspaceId: z.string().min(1),
  userId: z.string().min(1),
  displayName: z.string().optional(),
});

export const CastVoteInput = z.object({
  annotator: Identity,
  assignmentId: z.number().int().positive(),
  /** What was clicked, in screen terms; mapped to A/B through the assignment's display order. */
  choice: z.enum(SCREEN_CHOICES),
});
export type CastVoteInput = z.infer<typeof CastVoteInput>;

/** Whether to stop a vote before anything is written, given the owned assignment and the judgment already recorded on it. */
export type VoteStop = (owned: OwnedAssignment, existing: JudgmentRecord | undefined) => boolean;

export interface CastVoteResult extends OwnedAssignment {
  /** What the quality rules concluded (adaptive overlap, gold accuracy). */
  quality: QualityOutcome;
  /** `recorded`: a new judgment; `changed`: an update within the lease; `already_recorded`: the same click again. */
  status: "recorded" | "changed" | "already_recorded";
  judgment: JudgmentRecord;
  /** For a gold item with feedback on: the expected answer and why. */
  goldFeedback?: GoldReference & { correct: boolean };
}

/**
 * Records A, B, tie or both_bad against an assignment, with the time taken and the guideline
 * version in force. The same click twice gives one judgment; a different answer within the lease
 * is a new revision (the old one kept in history), except for final answers (domain/final-answers.ts:
 * a gold item whose expected answer was shown, calibration). Returns only after the transaction commits.
 */
export async function castVote(ctx: ServiceContext, input: CastVoteInput): Promise<CastVoteResult>;
/**
 * As above, but `stop` sees the assignment and its recorded judgment first, in the same
 * transaction: when it says so, nothing is written and the owned assignment comes back as
 * `{ stopped }` (voteOnCard's rationale gate, without loading the assignment twice).
 */
export async function castVote(ctx: ServiceContext, input: CastVoteInput, stop: VoteStop): Promise<CastVoteResult | { stopped: OwnedAssignment }>;
export async function castVote(ctx: ServiceContext, input: CastVoteInput, stop?: VoteStop): Promise<CastVoteResult | { stopped: OwnedAssignment }> {
  const { annotator: who, assignmentId, choice: screen } = CastVoteInput.parse(input);
  const at = ctx.clock.now().getTime();
  return await withTransaction(ctx, async () => {
    const owned = await loadOwnedAssignment(ctx, who, assignmentId);
    const { assignment, comparison, campaign } = owned;
    const choice = toStoredChoice(screen, assignment.displayOrder);
    const existing = await findJudgmentByAssignment(ctx.db, assignment);
    if (stop?.(owned, existing)) return { stopped: owned };

    const final = isFinalAnswer(assignment.kind, campaignSettings(campaign).goldFeedback);
    if (existing) {
      if (existing.choice === choice) return withGold(ctx, { ...owned, status: "already_recorded", judgment: existing, quality: {} });
      if (final) {
        throw new PairwiseError(
          "CONFLICT",
          assignment.kind === "calibration"
            ? "Your calibration answer is kept as you gave it: calibration answers are final."
            : "Your answer is kept as you gave it: this was a check item and its expected answer is shown, so the answer is final.",
        );
      }
      if (at > assignment.leaseEndsAt) {
        throw new PairwiseError(
          "EXPIRED",
          `Your answer is kept as it was: answers can be changed only until ${formatClockInZone(new Date(assignment.leaseEndsAt), ctx.timezone ?? "UTC")}, while the item is yours.`,
        );
      }
      const judgment = await reviseJudgment(ctx.db, existing, { ...existing, choice }, at);
      const quality = await afterJudgment(ctx, {
        campaign,
        comparisonId: comparison.id,
        annotatorId: assignment.annotatorId,
        kind: assignment.kind,
        judgmentId: judgment.id,
      });
      return withGold(ctx, { ...owned, status: "changed", judgment, quality });
    }

    if (campaign.status === "closed") throw new PairwiseError("CONFLICT", `Campaign "${campaign.name}" is closed; it takes no more answers.`);
    if (assignment.status === "skipped") throw new PairwiseError("CONFLICT", "You skipped this item, so it went to someone else. Ask for the next one.");
    if (leaseOver(assignment, at)) {
      if (assignment.status === "open") await releaseAssignment(ctx.db, assignment.id, assignment.comparisonId, "expired");
      throw new PairwiseError("EXPIRED", "This item expired: it was held for you for a while and then went back to the pool. Ask for the next one.");
    }

    const judgment = await insertJudgmentUnderLatestGuideline(ctx.db, {
      campaignId: campaign.id,
      comparisonId: comparison.id,
      annotatorId: assignment.annotatorId,
      assignmentId: assignment.id,
      kind: comparison.kind,
      choice,
      displayOrder: assignment.displayOrder,
      timeTakenMs: Math.max(0, at - assignment.shownAt),
      source: "platform",
      aiShown: campaignSettings(campaign).aiJudge?.show ?? null,
      at,
    });
    await completeAssignment(ctx.db, { assignmentId: assignment.id, comparisonId: comparison.id, at });
    const quality = await afterJudgment(ctx, {
      campaign,
      comparisonId: comparison.id,
      annotatorId: assignment.annotatorId,
      kind: assignment.kind,
      judgmentId: judgment.id,
      fresh: true,
      textChars: textChars(comparison),
      judgment,
    });
    await emitVoteEvents(ctx, { campaign, comparisonId: comparison.id, annotatorId: assignment.annotatorId, judgmentId: judgment.id, quality });
    return withGold(ctx, { ...owned, status: "recorded", judgment, quality });
  });
}

function textChars(c: { prompt: { content: string }[]; responseA: string; responseB: string }): number {
  return c.prompt.reduce((n, t) => n + t.content.length, 0) + c.responseA.length + c.responseB.length;
}

function withGold(_ctx: ServiceContext, result: CastVoteResult): CastVoteResult {
  const gold = result.comparison.gold;
  if (!gold || result.assignment.kind !== "gold" || !campaignSettings(result.campaign).goldFeedback) return result;
  return { ...result, goldFeedback: { ...gold, correct: gold.answer === result.judgment.choice } };
}
