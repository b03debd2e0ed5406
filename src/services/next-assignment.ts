import { z } from "zod";
import { PairwiseError } from "../errors.js";
import { ensureAnnotator, type AnnotatorRow } from "../storage/repos/annotators.repo.js";
import {
  findOpenAssignment,
  insertAssignmentWithItem,
  pickComparison,
  reclaimExpiredLeases,
  type AssignmentRecord,
} from "../storage/repos/assignments.repo.js";
import type { CampaignRow } from "../storage/repos/campaigns.repo.js";
import { ensureAssignmentIds } from "../storage/repos/assignment-ids.js";
import { findComparison, type ComparisonRecord } from "../storage/repos/comparisons.repo.js";
import { takeGoldDue } from "../storage/repos/gold-due.repo.js";
import { campaignSettings, requireCampaign } from "./find-campaign.js";
import { withTransaction, type ServiceContext } from "./context.js";

export const NextAssignmentInput = z.object({
  campaign: z.string().min(1),
  annotator: z.object({
    platform: z.string().min(1),
    workspaceId: z.string().min(1),
    userId: z.string().min(1),
    displayName: z.string().optional(),
  }),
});
export type NextAssignmentInput = z.infer<typeof NextAssignmentInput>;

export interface AssignmentView {
  campaign: CampaignRow;
  annotator: AnnotatorRow;
  assignment: AssignmentRecord;
  comparison: ComparisonRecord;
  /** True when this is the annotator's open assignment from before, shown again. */
  resumed: boolean;
}

/**
 * Gives an annotator their next comparison in a campaign.
 *
 * - An open, unexpired assignment is returned again rather than a second one handed out.
 * - Expired leases anywhere are reclaimed first (bounded), so their slots go to others.
 * - Gold items are injected at the campaign's rate, never the same one twice to one person.
 * - Regular items are picked fullest-first (closest to their overlap), so items complete early;
 *   an item never has more open + done assignments than its overlap.
 * - The display order is randomized and recorded.
 *
 * Every step is an index probe (comparisons_pick, assignments_annotator_comparison), so it stays
 * fast at a million items.
 */
export async function nextAssignment(ctx: ServiceContext, input: NextAssignmentInput): Promise<AssignmentView> {
  const { campaign: campaignName, annotator: who } = NextAssignmentInput.parse(input);
  const now = ctx.clock.now();
  const at = now.getTime();
  await ensureAssignmentIds(ctx.db);
  // Not fsynced: the card is an offer, not something the annotator was told is saved. A power
  // cut can lose it (the item returns to the pool, as when a lease ends); its id is never reused
  // (assignment-ids.ts). The vote that follows is durable, and makes this durable with it.
  return await withTransaction(
    ctx,
    async () => {
      const campaign = await requireCampaign(ctx, campaignName);
      if (campaign.status !== "active") {
        throw new PairwiseError("CONFLICT", `Campaign "${campaign.name}" is ${campaign.status}; a lead can open it with \`/pairwise open ${campaign.name}\`.`);
      }
      const annotator = await ensureAnnotator(ctx.db, who, now);
      if (annotator.status === "suspended") {
        throw new PairwiseError("FORBIDDEN", "Your labeling is paused by a lead. Ask a lead of this campaign for details.");
      }

      const open = await findOpenAssignment(ctx.db, annotator.id, campaign.id, at);
      if (open) {
        const comparison = (await findComparison(ctx.db, open.comparisonId))!;
        return { campaign, annotator, assignment: open, comparison, resumed: true };
      }

      const settings = campaignSettings(campaign);
      // A scheduled gold check is owed: it comes first, whatever the random injection says.
      const owed = await takeGoldDue(ctx.db, campaign.id, annotator.id);
      const wantGold = owed || (settings.goldRate > 0 && ctx.random() < settings.goldRate);
      let kind: AssignmentRecord["kind"] = "regular";
      let comparisonId: number | undefined;
      if (wantGold) {
        comparisonId = await pickComparison(ctx.db, campaign.id, "gold", annotator.id);
        if (comparisonId !== undefined) kind = "gold";
      }
      comparisonId ??= await pickComparison(ctx.db, campaign.id, "regular", annotator.id);
      // Nothing free: slots held by expired leases go back to the pool, then look again. (The
      // minute sweep reclaims them too; doing it here only when needed keeps the common path lean.)
      if (comparisonId === undefined && (await reclaimExpiredLeases(ctx.db, at)) > 0)
        comparisonId = await pickComparison(ctx.db, campaign.id, "regular", annotator.id);
      if (comparisonId === undefined) {
        throw new PairwiseError("NO_WORK", `Nothing left for you in "${campaign.name}": every item has its judgments or you have seen it. Thank you!`);
      }
      const { assignment, comparison } = await insertAssignmentWithItem(ctx.db, {
        campaignId: campaign.id,
        comparisonId,
        annotatorId: annotator.id,
        kind,
        displayOrder: ctx.random() < 0.5 ? "ab" : "ba",
        shownAt: at,
        leaseEndsAt: at + settings.leaseMinutes * 60_000,
      });
      return { campaign, annotator, assignment, comparison: comparison!, resumed: false };
    },
    { durable: false },
  );
}
