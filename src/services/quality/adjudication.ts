import { z } from "zod";
import { CHOICES, type Choice } from "../../domain/choice.js";
import { PairwiseError } from "../../errors.js";
import { findComparison, type ComparisonRecord } from "../../storage/repos/comparisons.repo.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { requireCampaign, requireCampaignById } from "../find-campaign.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { humanJudgment } from "../../storage/human-judgments.js";

export interface AdjudicationCase {
  id: number;
  campaign: CampaignRow;
  comparison: ComparisonRecord;
  reason: "split" | "review";
  /** Every judgment of the item, oldest first, without who made it. */
  judgments: { choice: Choice; rationale: string | null; confidence: number | null; difficulty: string | null }[];
  pending: number;
}

/** The oldest pending adjudication of a campaign (after `afterId`, to skip), with its votes and rationales. */
export function nextAdjudication(ctx: ServiceContext, input: { campaign: string; afterId?: number }): AdjudicationCase | undefined {
  const campaign = requireCampaign(ctx, input.campaign);
  const c = ctx.db.$client;
  const row = c
    .prepare("SELECT id, comparison_id, reason FROM adjudications WHERE campaign_id = ? AND status = 'pending' AND id > ? ORDER BY id LIMIT 1")
    .get(campaign.id, input.afterId ?? 0) as { id: number; comparison_id: number; reason: "split" | "review" } | undefined;
  if (!row) return undefined;
  const pending = (c.prepare("SELECT count(*) AS n FROM adjudications WHERE campaign_id = ? AND status = 'pending'").get(campaign.id) as { n: number }).n;
  const judgments = c
    .prepare(`SELECT choice, rationale, confidence, difficulty FROM judgments WHERE comparison_id = ? AND ${humanJudgment()} ORDER BY id`)
    .all(row.comparison_id) as AdjudicationCase["judgments"];
  return { id: row.id, campaign, comparison: findComparison(ctx.db, row.comparison_id)!, reason: row.reason, judgments, pending };
}

export const ResolveAdjudicationInput = z.object({
  comparisonId: z.number().int().positive(),
  choice: z.enum(CHOICES),
  note: z.string().trim().min(3, "Say in a few words why (at least 3 characters).").max(2000),
  lead: z.string().min(1),
});

/** Records a lead's final answer for a split item, with a note; the log goes with every export. */
export function resolveAdjudication(ctx: ServiceContext, input: z.input<typeof ResolveAdjudicationInput>): { campaign: CampaignRow; alreadyResolved: boolean } {
  const parsed = ResolveAdjudicationInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PairwiseError("VALIDATION", issue.message, { fieldErrors: { [String(issue.path[0] ?? "note")]: issue.message } });
  }
  const { comparisonId, choice, note, lead } = parsed.data;
  return withTransaction(ctx, () => {
    const c = ctx.db.$client;
    const row = c.prepare("SELECT id, campaign_id, status FROM adjudications WHERE comparison_id = ?").get(comparisonId) as
      | { id: number; campaign_id: number; status: string }
      | undefined;
    if (!row) throw new PairwiseError("NOT_FOUND", "This item is not waiting for adjudication.");
    const campaign = requireCampaignById(ctx, row.campaign_id);
    if (row.status === "resolved") return { campaign, alreadyResolved: true };
    c.prepare("UPDATE adjudications SET status = 'resolved', final_choice = ?, note = ?, resolved_by = ?, resolved_at = ? WHERE id = ?").run(
      choice,
      note,
      lead,
      ctx.clock.now().getTime(),
      row.id,
    );
    return { campaign, alreadyResolved: false };
  });
}
