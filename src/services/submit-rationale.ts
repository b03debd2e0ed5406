import { z } from "zod";
import { SCREEN_CHOICES } from "../domain/choice.js";
import { parseRationaleForm } from "../domain/rationale.js";
import { PairwiseError } from "../errors.js";
import { findJudgmentByAssignment, reviseJudgment, type JudgmentRecord } from "../storage/repos/judgments.repo.js";
import { castVote, type CastVoteResult } from "./cast-vote.js";
import { campaignSettings } from "./find-campaign.js";
import { loadOwnedAssignment } from "./load-assignment.js";
import { withTransaction, type ServiceContext } from "./context.js";
import { afterJudgment } from "./quality/after-judgment.js";

export const SubmitRationaleInput = z.object({
  annotator: z.object({ platform: z.string().min(1), workspaceId: z.string().min(1), userId: z.string().min(1), displayName: z.string().optional() }),
  assignmentId: z.number().int().positive(),
  /** Set when the vote is recorded with the rationale (campaigns that require one). */
  choice: z.enum(SCREEN_CHOICES).optional(),
  values: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.undefined()])),
  /** Merge with what is stored instead of replacing (the rubric step of a two-step form). */
  merge: z.boolean().default(false),
});
export type SubmitRationaleInput = z.input<typeof SubmitRationaleInput>;

export interface SubmitRationaleResult {
  vote?: CastVoteResult;
  judgment: JudgmentRecord;
}

/**
 * Attaches a rationale, confidence, difficulty, flags and rubric scores to a judgment. With a
 * `choice`, records the vote first in the same transaction: both land or neither does. Invalid
 * fields throw a VALIDATION error whose `fieldErrors` are keyed by form field id.
 */
export async function submitRationale(ctx: ServiceContext, rawInput: SubmitRationaleInput): Promise<SubmitRationaleResult> {
  const input = SubmitRationaleInput.parse(rawInput);
  const at = ctx.clock.now().getTime();
  return await withTransaction(ctx, async () => {
    const owned = await loadOwnedAssignment(ctx, input.annotator, input.assignmentId);
    const settings = campaignSettings(owned.campaign);
    const parsed = parseRationaleForm(input.values, settings, owned.assignment.displayOrder);
    if (!parsed.ok) {
      throw new PairwiseError("VALIDATION", Object.values(parsed.errors).join(" "), { fieldErrors: parsed.errors });
    }
    const vote = input.choice ? await castVote(ctx, { annotator: input.annotator, assignmentId: input.assignmentId, choice: input.choice }) : undefined;
    const current = vote?.judgment ?? (await findJudgmentByAssignment(ctx.db, owned.assignment));
    if (!current) throw new PairwiseError("CONFLICT", "Vote first, then add your rationale.");
    const d = parsed.details;
    const next = input.merge
      ? {
          choice: current.choice,
          rationale: d.rationale ?? current.rationale,
          confidence: d.confidence ?? current.confidence,
          difficulty: d.difficulty ?? current.difficulty,
          flags: d.flags.length > 0 ? d.flags : current.flags,
          rubricScores: { ...current.rubricScores, ...d.rubricScores },
        }
      : { choice: current.choice, ...d };
    const judgment = await reviseJudgment(ctx.db, current, next, at);
    // Difficulty and confidence arrive with the rationale: the item may now count as split.
    const quality = await afterJudgment(ctx, {
      campaign: owned.campaign,
      comparisonId: owned.comparison.id,
      annotatorId: owned.assignment.annotatorId,
      kind: owned.assignment.kind,
      judgmentId: judgment.id,
    });
    if (vote) vote.quality.item = quality.item ?? vote.quality.item;
    return vote ? { vote, judgment } : { judgment };
  });
}
