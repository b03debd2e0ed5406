import { annotatorKey } from "../../domain/annotator-identity.js";
import { isSqlite, type Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";
import { findAnnotator, toRow, type AnnotatorIdentity, type AnnotatorRow, type RawAnnotator } from "./annotators.repo.js";
import { findAssignment, toRecord, type AssignmentRecord, type RawAssignment } from "./assignments.repo.js";
import { findCampaignById, toCampaign, type CampaignRow, type RawCampaign } from "./campaigns.repo.js";
import { findComparison, toComparison, type ComparisonRecord, type RawComparison } from "./comparisons.repo.js";

/**
 * What a click on an assignment finds: `none` (no such assignment), `foreign` (the person who
 * clicked is not its annotator, or not known at all), `orphan` (its item or campaign is gone), or
 * the assignment with its annotator, item and campaign.
 */
export type AssignmentForClick =
  | { found: "none" }
  | { found: "foreign" }
  | { found: "orphan" }
  | { found: "owned"; annotator: AnnotatorRow; assignment: AssignmentRecord; comparison: ComparisonRecord; campaign: CampaignRow };

/**
 * Loads the assignment a button names, with what the vote needs around it, and says whether `who`
 * owns it (services/load-assignment.ts turns the answer into the refusals people read).
 *
 * SQLite: the four primary-key and identity reads, one after another, stopping at the first that
 * settles it. PostgreSQL: two statements. The first reads and locks the assignment (a double click
 * waits here for the first to commit) and looks the person up beside it; the second reads item and
 * campaign, after the lock, so it sees what the transaction it waited for wrote (a statement reads
 * the snapshot taken when it started: joined into the first, they could be older than the lock).
 */
export async function findAssignmentForClick(db: Db, who: AnnotatorIdentity, assignmentId: number): Promise<AssignmentForClick> {
  if (isSqlite(db)) {
    const assignment = await findAssignment(db, assignmentId);
    if (!assignment) return { found: "none" };
    const annotator = await findAnnotator(db, who);
    if (!annotator || annotator.id !== assignment.annotatorId) return { found: "foreign" };
    const comparison = await findComparison(db, assignment.comparisonId);
    const campaign = await findCampaignById(db, assignment.campaignId);
    if (!comparison || !campaign) return { found: "orphan" };
    return { found: "owned", annotator, assignment, comparison, campaign };
  }
  return onConnection(db, async () => {
    const key = annotatorKey(who);
    const first = await statement<
      [platform: string, workspaceId: string, userId: string, assignmentId: number],
      RawAssignment & { caller: RawAnnotator | null }
    >(
      db,
      `SELECT a.*, row_to_json(n) AS caller FROM assignments a
         LEFT JOIN annotators n ON n.id = a.annotator_id AND n.platform = ? AND n.workspace_id = ? AND n.user_id = ?
       WHERE a.id = ? FOR UPDATE OF a`,
    ).get(key.platform, key.workspaceId, key.userId, assignmentId);
    if (!first) return { found: "none" };
    if (!first.caller) return { found: "foreign" };
    const second = await statement<[number, number], { comparison: RawComparison; campaign: RawCampaign }>(
      db,
      "SELECT row_to_json(c) AS comparison, row_to_json(k) AS campaign FROM comparisons c CROSS JOIN campaigns k WHERE c.id = ? AND k.id = ?",
    ).get(first.comparison_id, first.campaign_id);
    if (!second) return { found: "orphan" };
    return {
      found: "owned",
      annotator: toRow(first.caller),
      assignment: toRecord(first),
      comparison: toComparison(second.comparison),
      campaign: toCampaign(second.campaign),
    };
  });
}
