import { z } from "zod";
import { PairwiseError } from "../../errors.js";
import { findSnapshot } from "../../storage/repos/snapshots.repo.js";
import { insertOutcome, outcomesOfCampaign, type OutcomeRow } from "../../storage/repos/snapshots.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { requireCampaign } from "../find-campaign.js";

export const OutcomeInput = z.object({
  snapshot_id: z.string().min(1),
  model: z.string().trim().min(1).max(300),
  benchmark: z.string().trim().min(1).max(300),
  metric: z.string().trim().min(1).max(100),
  value: z.number().finite(),
  notes: z.string().max(2000).optional(),
});
export type OutcomeInput = z.infer<typeof OutcomeInput>;

export interface OutcomeView {
  id: number;
  snapshot_id: string;
  model: string;
  benchmark: string;
  metric: string;
  value: number;
  notes: string | null;
  created_at: string;
}

const view = (r: OutcomeRow): OutcomeView => ({
  id: r.id,
  snapshot_id: r.snapshotPublicId,
  model: r.model,
  benchmark: r.benchmark,
  metric: r.metric,
  value: r.value,
  notes: r.notes,
  created_at: new Date(r.createdAt).toISOString(),
});

/** Records the result of a training run on one of the campaign's snapshots. */
export async function recordOutcome(ctx: ServiceContext, campaignName: string, input: OutcomeInput): Promise<OutcomeView> {
  const campaign = await requireCampaign(ctx, campaignName);
  const o = OutcomeInput.parse(input);
  const snapshot = await findSnapshot(ctx.db, o.snapshot_id);
  if (!snapshot || snapshot.row.campaignId !== campaign.id) {
    throw new PairwiseError(
      "NOT_FOUND",
      `field "snapshot_id": campaign "${campaign.name}" has no snapshot "${o.snapshot_id}". Snapshots come from its exports: GET /campaigns/${campaign.name}/snapshots.`,
      { location: { field: "snapshot_id" } },
    );
  }
  const row = await withTransaction(
    ctx,
    async () =>
      await insertOutcome(ctx.db, {
        campaignId: campaign.id,
        snapshotId: snapshot.row.id,
        model: o.model,
        benchmark: o.benchmark,
        metric: o.metric,
        value: o.value,
        notes: o.notes ?? null,
        now: ctx.clock.now().getTime(),
      }),
  );
  return view({ ...row, snapshotPublicId: snapshot.row.publicId });
}

export async function outcomesOf(ctx: ServiceContext, campaignName: string): Promise<OutcomeView[]> {
  return (await outcomesOfCampaign(ctx.db, (await requireCampaign(ctx, campaignName)).id)).map(view);
}
