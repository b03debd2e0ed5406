import type { CampaignSettings } from "../domain/campaign-settings.js";
import { isPairwiseError } from "../errors.js";
import { findJudgmentByAssignment } from "../storage/repos/judgments.repo.js";
import { castVote, type CastVoteInput, type CastVoteResult, type VoteStop } from "./cast-vote.js";
import type { ServiceContext } from "./context.js";
import { campaignSettings } from "./find-campaign.js";
import { leaseOver } from "./lease.js";
import { loadOwnedAssignment, type OwnedAssignment } from "./load-assignment.js";

/**
 * What a vote button on a comparison card comes to:
 * - `needs_rationale`: the campaign requires a rationale and none is recorded yet, while the item
 *   is still theirs: nothing is written; the vote lands with the rationale (submitRationale);
 * - `lease_expired`: a first answer after the lease; the item went back to the pool, and `message`
 *   says so;
 * - `voted`: recorded (or the same answer again), as `castVote` reports it.
 */
export type CardVote =
  | { outcome: "needs_rationale"; owned: OwnedAssignment; settings: CampaignSettings }
  | { outcome: "lease_expired"; owned: OwnedAssignment; message: string }
  | { outcome: "voted"; vote: CastVoteResult };

/**
 * The vote button's verb: applies the rationale gate, then casts the vote. A change of answer after
 * the lease, like every other refusal, is thrown as `castVote` throws it.
 */
export async function voteOnCard(ctx: ServiceContext, input: CastVoteInput): Promise<CardVote> {
  let settings: CampaignSettings | undefined;
  // The gate sees what castVote loaded, in its transaction: the assignment is read once.
  const gate: VoteStop = (owned, existing) => {
    settings = campaignSettings(owned.campaign);
    return settings.rationale === "required" && !existing && owned.assignment.status === "open" && !leaseOver(owned.assignment, ctx.clock.now().getTime());
  };
  try {
    const vote = await castVote(ctx, input, gate);
    if ("stopped" in vote) return { outcome: "needs_rationale", owned: vote.stopped, settings: settings! };
    return { outcome: "voted", vote };
  } catch (error) {
    // Expired with no answer recorded: a first answer too late (with one recorded, it was a change: refused as an error).
    if (isPairwiseError(error) && error.code === "EXPIRED") {
      const owned = await loadOwnedAssignment(ctx, input.annotator, input.assignmentId);
      if (!(await findJudgmentByAssignment(ctx.db, owned.assignment))) return { outcome: "lease_expired", owned, message: error.message };
    }
    throw error;
  }
}
