import { ensureAssignmentIds } from "../storage/repos/assignment-ids.js";
import { z } from "zod";
import { emptyChoiceCounts, SCREEN_CHOICES, toStoredChoice, type Choice } from "../domain/choice.js";
import { PairwiseError } from "../errors.js";
import { ensureAnnotator } from "../storage/repos/annotators.repo.js";
import { hasAssignmentOf, insertAssignment, markAssignmentDone } from "../storage/repos/assignments.repo.js";
import { findCampaignById, latestGuidelineVersion, type CampaignRow } from "../storage/repos/campaigns.repo.js";
import { addDoneCount, findComparison, type ComparisonRecord } from "../storage/repos/comparisons.repo.js";
import { findChannelPost, postsOfComparison, setPostStatus, type ChannelPostRow } from "../storage/repos/channel-posts.repo.js";
import { choiceOf, humanChoiceCounts, insertJudgment } from "../storage/repos/judgments.repo.js";
import { withTransaction, type ServiceContext } from "./context.js";
import { emitVoteEvents } from "./webhooks/after-vote.js";
import { afterJudgment } from "./quality/after-judgment.js";
import { campaignSettings } from "./find-campaign.js";

export const ChannelVoteInput = z.object({
  annotator: z.object({ platform: z.string().min(1), workspaceId: z.string().min(1), userId: z.string().min(1), displayName: z.string().optional() }),
  postId: z.number().int().positive(),
  choice: z.enum(SCREEN_CHOICES),
});

export type ChoiceCounts = Record<Choice, number>;

export interface ChannelVoteResult {
  status: "recorded" | "already_recorded";
  /** The choice this person has on record (stored terms). */
  choice: Choice;
  post: ChannelPostRow;
  campaign: CampaignRow;
  comparison: ComparisonRecord;
  votes: number;
  counts: ChoiceCounts;
  /** True when this vote completed the item: every post of it should now show the split. */
  revealed: boolean;
  /** All published posts of the item, on every platform, to update on reveal. */
  posts: ChannelPostRow[];
}

/**
 * A vote on a channel post: everyone votes once on the same message. The vote becomes an
 * assignment (with the post's display order) and a judgment; when the item reaches its overlap
 * the posts are marked revealed.
 */
export async function channelVote(ctx: ServiceContext, input: z.input<typeof ChannelVoteInput>): Promise<ChannelVoteResult> {
  const { annotator: who, postId, choice: screen } = ChannelVoteInput.parse(input);
  const now = ctx.clock.now();
  const at = now.getTime();
  await ensureAssignmentIds(ctx.db);
  return await withTransaction(ctx, async () => {
    const post = await findChannelPost(ctx.db, postId);
    if (!post) throw new PairwiseError("NOT_FOUND", "This post no longer exists.");
    const campaign = (await findCampaignById(ctx.db, post.campaignId))!;
    const annotator = await ensureAnnotator(ctx.db, who, now);
    if (annotator.status === "suspended") throw new PairwiseError("FORBIDDEN", "Your labeling is paused by a lead.");
    let comparison = (await findComparison(ctx.db, post.comparisonId))!;
    const mine = await choiceOf(ctx.db, comparison.id, annotator.id);
    if (mine) return await summarize(ctx, { status: "already_recorded", choice: mine, post, campaign, comparison, revealed: false });
    if (campaign.status !== "active") throw new PairwiseError("CONFLICT", `Campaign "${campaign.name}" is ${campaign.status}; votes are not taken now.`);
    if (post.status === "revealed" || comparison.full) throw new PairwiseError("CONFLICT", "This item already has all its votes. Thanks anyway!");
    if (await hasAssignmentOf(ctx.db, comparison.id, annotator.id))
      throw new PairwiseError("CONFLICT", "You have this item in your private queue; answer it there.");

    const choice = toStoredChoice(screen, post.displayOrder);
    const assignment = await insertAssignment(ctx.db, {
      campaignId: campaign.id,
      comparisonId: comparison.id,
      annotatorId: annotator.id,
      kind: "regular",
      displayOrder: post.displayOrder,
      shownAt: post.createdAt.getTime(),
      leaseEndsAt: at,
    });
    const judgment = await insertJudgment(ctx.db, {
      campaignId: campaign.id,
      comparisonId: comparison.id,
      annotatorId: annotator.id,
      assignmentId: assignment.id,
      guidelineVersionId: (await latestGuidelineVersion(ctx.db, campaign.id))?.id ?? null,
      kind: "regular",
      choice,
      displayOrder: post.displayOrder,
      // Time on a shared post is not time spent judging; left unknown rather than guessed.
      timeTakenMs: null,
      source: "platform",
      // Channel posts never show the AI judge's verdict.
      aiShown: campaignSettings(campaign).aiJudge ? "never" : null,
      at,
    });
    await markAssignmentDone(ctx.db, assignment.id, at);
    await addDoneCount(ctx.db, comparison.id, 1);
    const quality = await afterJudgment(ctx, {
      campaign,
      comparisonId: comparison.id,
      annotatorId: annotator.id,
      kind: "regular",
      judgmentId: judgment.id,
      fresh: true,
    });
    await emitVoteEvents(ctx, { campaign, comparisonId: comparison.id, annotatorId: annotator.id, judgmentId: judgment.id, quality });
    comparison = (await findComparison(ctx.db, comparison.id))!;
    const revealed = comparison.doneCount >= comparison.targetOverlap;
    if (revealed) for (const p of await postsOfComparison(ctx.db, comparison.id)) await setPostStatus(ctx.db, p.id, "revealed");
    return await summarize(ctx, { status: "recorded", choice, post, campaign, comparison, revealed });
  });
}

async function summarize(ctx: ServiceContext, r: Omit<ChannelVoteResult, "votes" | "counts" | "posts">): Promise<ChannelVoteResult> {
  const counts: ChoiceCounts = emptyChoiceCounts();
  let votes = 0;
  for (const row of await humanChoiceCounts(ctx.db, r.comparison.id)) {
    counts[row.choice] = row.n;
    votes += row.n;
  }
  return { ...r, votes, counts, posts: await postsOfComparison(ctx.db, r.comparison.id) };
}
