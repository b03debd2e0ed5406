import type { z } from "zod";
import { BakeoffSettings } from "../../domain/bakeoff.js";
import { CampaignFile } from "../../domain/campaign-settings.js";
import { PairwiseError } from "../../errors.js";
import type { BakeoffEntries } from "../../io/bakeoff-file.js";
import { findCampaignByName } from "../../storage/repos/campaigns.repo.js";
import { findBakeoffById, insertBakeoff, insertBakeoffOutputs, type NamedBakeoff } from "../../storage/repos/bakeoffs.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { saveCampaign } from "../save-campaign.js";

/**
 * Creates a bake-off from models' outputs on shared prompts, as a draft: a campaign of its own
 * (one vote a pair, no gold, no calibration gate, no peer review: a team votes in a channel) and
 * the outputs the pairs will be made from. `/pairwise bakeoff start <name>` posts it.
 */
export async function createBakeoff(ctx: ServiceContext, input: { settings: z.input<typeof BakeoffSettings>; outputs: BakeoffEntries }): Promise<NamedBakeoff> {
  const parsed = BakeoffSettings.safeParse(input.settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PairwiseError("VALIDATION", `Bake-off setting "${issue.path.join(".")}": ${issue.message}.`, { location: { field: issue.path.join(".") } });
  }
  const settings = parsed.data;
  const now = ctx.clock.now();
  return await withTransaction(ctx, async () => {
    if (await findCampaignByName(ctx.db, settings.name))
      throw new PairwiseError("CONFLICT", `The name "${settings.name}" is taken by a campaign or bake-off; choose another name.`);
    const { campaign } = await saveCampaign(ctx, {
      mode: "create",
      file: CampaignFile.parse({
        name: settings.name,
        title: settings.title ?? `Bake-off ${settings.name}`,
        description: `Bake-off of ${input.outputs.models.join(", ")} on ${input.outputs.prompts} prompts.`,
        status: "paused",
        guidelines: "Pick the response that serves the prompt better. Model names are hidden; judge the text.",
        overlap: 1,
        maxOverlap: 1,
        goldRate: 0,
        qualificationGate: false,
        peerReviewRate: 0,
        leads: settings.leads,
      }),
    });
    const row = await insertBakeoff(ctx.db, {
      campaignId: campaign.id,
      confidence: settings.confidence,
      minViews: settings.minViews,
      exploration: settings.exploration,
      margin: settings.margin,
      maxVotes: settings.maxVotes,
      parallel: settings.parallel,
      createdAt: now,
    });
    await insertBakeoffOutputs(ctx.db, row.id, input.outputs.entries);
    return (await findBakeoffById(ctx.db, row.id))!;
  });
}
