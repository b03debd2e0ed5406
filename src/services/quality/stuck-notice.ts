import { markLeadsToldStuck } from "../../storage/repos/annotator-notes.repo.js";
import type { ServiceContext } from "../context.js";

/**
 * Claims the one notice to the leads that a paused annotator waits for a calibration the campaign
 * cannot give: true the first time (tell them now), false until a requalify resets it.
 */
export function claimStuckNotice(ctx: ServiceContext, annotatorId: number, campaignId: number): boolean {
  return markLeadsToldStuck(ctx.db, annotatorId, campaignId, ctx.clock.now());
}
