import { PairwiseError } from "../errors.js";
import { findAnnotator, type AnnotatorIdentity, type AnnotatorRow } from "../storage/repos/annotators.repo.js";
import { findAssignment, type AssignmentRecord } from "../storage/repos/assignments.repo.js";
import { findCampaignById, type CampaignRow } from "../storage/repos/campaigns.repo.js";
import { findComparison, type ComparisonRecord } from "../storage/repos/comparisons.repo.js";
import type { ServiceContext } from "./context.js";

export interface OwnedAssignment {
  annotator: AnnotatorRow;
  assignment: AssignmentRecord;
  comparison: ComparisonRecord;
  campaign: CampaignRow;
}

/**
 * Loads an assignment named by a button and checks that the person who clicked owns it. An id in
 * a payload is never trusted: a click on someone else's assignment is refused, and says so.
 */
export async function loadOwnedAssignment(ctx: ServiceContext, who: AnnotatorIdentity, assignmentId: number): Promise<OwnedAssignment> {
  const assignment = await findAssignment(ctx.db, assignmentId);
  if (!assignment) throw new PairwiseError("NOT_FOUND", "This item no longer exists. Ask for the next one with `/pairwise next`.");
  const annotator = await findAnnotator(ctx.db, who);
  if (!annotator || annotator.id !== assignment.annotatorId) {
    throw new PairwiseError("FORBIDDEN", "This item was assigned to someone else. Ask for your own with `/pairwise next`.");
  }
  const comparison = await findComparison(ctx.db, assignment.comparisonId);
  const campaign = await findCampaignById(ctx.db, assignment.campaignId);
  if (!comparison || !campaign) throw new PairwiseError("NOT_FOUND", "This item no longer exists.");
  return { annotator, assignment, comparison, campaign };
}
