import { z } from "zod";
import { PairwiseError } from "../errors.js";
import { releaseAssignment } from "../storage/repos/assignments.repo.js";
import { loadOwnedAssignment, type OwnedAssignment } from "./load-assignment.js";
import { withTransaction, type ServiceContext } from "./context.js";

export const SkipAssignmentInput = z.object({
  annotator: z.object({ platform: z.string().min(1), workspaceId: z.string().min(1), userId: z.string().min(1), displayName: z.string().optional() }),
  assignmentId: z.number().int().positive(),
});
export type SkipAssignmentInput = z.infer<typeof SkipAssignmentInput>;

/** Gives an assignment back without a judgment; its slot goes to someone else, never back to this person. */
export async function skipAssignment(ctx: ServiceContext, input: SkipAssignmentInput): Promise<OwnedAssignment & { alreadySkipped: boolean }> {
  const { annotator, assignmentId } = SkipAssignmentInput.parse(input);
  return await withTransaction(ctx, async () => {
    const owned = await loadOwnedAssignment(ctx, annotator, assignmentId);
    const { assignment } = owned;
    if (assignment.status === "skipped") return { ...owned, alreadySkipped: true };
    if (assignment.status === "done") throw new PairwiseError("CONFLICT", "You already answered this item; it cannot be skipped now.");
    if (assignment.status === "open") await releaseAssignment(ctx.db, assignment.id, assignment.comparisonId, "skipped");
    return { ...owned, assignment: { ...assignment, status: "skipped" }, alreadySkipped: false };
  });
}
