import { findJudgmentByAssignment, type JudgmentRecord } from "../storage/repos/judgments.repo.js";
import type { ServiceContext } from "./context.js";

/** The judgment an annotator gave on an assignment's item, if any (an indexed read: fit for the modal deadline). */
export async function judgmentOf(ctx: ServiceContext, assignment: { comparisonId: number; annotatorId: number }): Promise<JudgmentRecord | undefined> {
  return await findJudgmentByAssignment(ctx.db, assignment);
}
