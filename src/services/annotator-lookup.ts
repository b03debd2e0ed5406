import { ensureAnnotator, findAnnotator, type AnnotatorIdentity, type AnnotatorRow } from "../storage/repos/annotators.repo.js";
import { findOpenAssignment } from "../storage/repos/assignments.repo.js";
import type { ServiceContext } from "./context.js";

/** The annotator behind a platform identity, recorded on first sight. */
export function annotatorFor(ctx: ServiceContext, who: AnnotatorIdentity): AnnotatorRow {
  return ensureAnnotator(ctx.db, who, ctx.clock.now());
}

/** Whether this person holds an item of the campaign whose lease has not ended (they get it back before anything else). */
export function holdsOpenItem(ctx: ServiceContext, who: AnnotatorIdentity, campaignId: number): boolean {
  const annotator = findAnnotator(ctx.db, who);
  return annotator !== undefined && findOpenAssignment(ctx.db, annotator.id, campaignId, ctx.clock.now().getTime()) !== undefined;
}
