import { ensureAnnotator, findAnnotator, type AnnotatorIdentity, type AnnotatorRow } from "../storage/repos/annotators.repo.js";
import { findOpenAssignment } from "../storage/repos/assignments.repo.js";
import type { ServiceContext } from "./context.js";

/** The annotator behind a platform identity, recorded on first sight. */
export async function annotatorFor(ctx: ServiceContext, who: AnnotatorIdentity): Promise<AnnotatorRow> {
  return await ensureAnnotator(ctx.db, who, ctx.clock.now());
}

/** Whether this person holds an item of the campaign whose lease has not ended (they get it back before anything else). */
export async function holdsOpenItem(ctx: ServiceContext, who: AnnotatorIdentity, campaignId: number): Promise<boolean> {
  const annotator = await findAnnotator(ctx.db, who);
  return annotator !== undefined && (await findOpenAssignment(ctx.db, annotator.id, campaignId, ctx.clock.now().getTime())) !== undefined;
}
