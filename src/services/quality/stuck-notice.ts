import { markLeadsToldStuck } from "../../storage/repos/annotator-notes.repo.js";
import type { ServiceContext } from "../context.js";

/**
 * Claims the one notice to the leads that a paused annotator waits for a calibration the campaign
 * cannot give: true the first time (tell them now), false until a requalify resets it.
 */
export async function claimStuckNotice(ctx: ServiceContext, annotatorId: number, campaignId: number): Promise<boolean> {
  return await markLeadsToldStuck(ctx.db, annotatorId, campaignId, ctx.clock.now());
}
