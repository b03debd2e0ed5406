import { z } from "zod";
import { CHOICES } from "../../domain/choice.js";
import { PairwiseError } from "../../errors.js";
import { findComparison, type ComparisonRecord } from "../../storage/repos/comparisons.repo.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { requireCampaign, requireCampaignById } from "../find-campaign.js";
import { withTransaction, type ServiceContext } from "../context.js";
import {
  anonymousVotesOnItem,
  countPendingAdjudications,
  findAdjudicationOfItem,
  nextPendingAdjudication,
  resolveAdjudicationRecord,
  type AdjudicationReason,
  type AnonymousVote,
} from "../../storage/repos/adjudications.repo.js";

export interface AdjudicationCase {
  id: number;
  campaign: CampaignRow;
  comparison: ComparisonRecord;
  reason: AdjudicationReason;
  /** Every judgment of the item, oldest first, without who made it. */
  judgments: AnonymousVote[];
  pending: number;
}

/** The oldest pending adjudication of a campaign (after `afterId`, to skip), with its votes and rationales. */
export async function nextAdjudication(ctx: ServiceContext, input: { campaign: string; afterId?: number }): Promise<AdjudicationCase | undefined> {
  const campaign = await requireCampaign(ctx, input.campaign);
  const row = await nextPendingAdjudication(ctx.db, campaign.id, input.afterId ?? 0);
  if (!row) return undefined;
  const pending = await countPendingAdjudications(ctx.db, campaign.id);
  const judgments = await anonymousVotesOnItem(ctx.db, row.comparisonId);
  return { id: row.id, campaign, comparison: (await findComparison(ctx.db, row.comparisonId))!, reason: row.reason, judgments, pending };
}

export const ResolveAdjudicationInput = z.object({
  comparisonId: z.number().int().positive(),
  choice: z.enum(CHOICES),
  note: z.string().trim().min(3, "Say in a few words why (at least 3 characters).").max(2000),
  lead: z.string().min(1),
});

/** Records a lead's final answer for a split item, with a note; the log goes with every export. */
export async function resolveAdjudication(
  ctx: ServiceContext,
  input: z.input<typeof ResolveAdjudicationInput>,
): Promise<{ campaign: CampaignRow; alreadyResolved: boolean }> {
  const parsed = ResolveAdjudicationInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PairwiseError("VALIDATION", issue.message, { fieldErrors: { [String(issue.path[0] ?? "note")]: issue.message } });
  }
  const { comparisonId, choice, note, lead } = parsed.data;
  return await withTransaction(ctx, async () => {
    const row = await findAdjudicationOfItem(ctx.db, comparisonId);
    if (!row) throw new PairwiseError("NOT_FOUND", "This item is not waiting for adjudication.");
    const campaign = await requireCampaignById(ctx, row.campaignId);
    if (row.status === "resolved") return { campaign, alreadyResolved: true };
    await resolveAdjudicationRecord(ctx.db, { id: row.id, finalChoice: choice, note, resolvedBy: lead, at: ctx.clock.now().getTime() });
    return { campaign, alreadyResolved: false };
  });
}
