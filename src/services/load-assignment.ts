import { PairwiseError } from "../errors.js";
import type { AnnotatorIdentity, AnnotatorRow } from "../storage/repos/annotators.repo.js";
import type { AssignmentRecord } from "../storage/repos/assignments.repo.js";
import type { CampaignRow } from "../storage/repos/campaigns.repo.js";
import type { ComparisonRecord } from "../storage/repos/comparisons.repo.js";
import { findAssignmentForClick } from "../storage/repos/owned-assignment.repo.js";
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
  const loaded = await findAssignmentForClick(ctx.db, who, assignmentId);
  switch (loaded.found) {
    case "none":
      throw new PairwiseError("NOT_FOUND", "This item no longer exists. Ask for the next one with `/pairwise next`.");
    case "foreign":
      throw new PairwiseError("FORBIDDEN", "This item was assigned to someone else. Ask for your own with `/pairwise next`.");
    case "orphan":
      throw new PairwiseError("NOT_FOUND", "This item no longer exists.");
    case "owned":
      return { annotator: loaded.annotator, assignment: loaded.assignment, comparison: loaded.comparison, campaign: loaded.campaign };
  }
}
