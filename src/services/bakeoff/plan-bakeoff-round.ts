import { policyOf } from "../../domain/bakeoff.js";
import { bakeoffBoard, nextPair, pairKey, type Board } from "../../stats/index.js";
import { comparableModelPairs, endBakeoff, findBakeoffById, sharedPrompts, waitingBakeoffPosts, type NamedBakeoff } from "../../storage/repos/bakeoffs.repo.js";
import { insertChannelPost, type ChannelPostRow } from "../../storage/repos/channel-posts.repo.js";
import { insertComparison } from "../../storage/repos/comparisons.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { setCampaignStatus } from "../set-campaign-status.js";
import { bakeoffTally, describeOutcome } from "./bakeoff-standing.js";

export interface BakeoffRound {
  bakeoff: NamedBakeoff;
  board: Board;
  /** Set when this round ended the bake-off (stable, or out of votes). */
  ended?: string;
  /** Posts recorded as `posting`, to publish. */
  posts: ChannelPostRow[];
}

/**
 * One step of a running bake-off, after a vote (or at start, or from the minute sweep): refits the
 * leaderboard; ends the bake-off when the ranking is stable or the vote budget is spent; otherwise
 * tops the posts waiting for a vote up to `parallel` with the pairs the sampler picks, each on the
 * prompt the pair was shown least (sides and display order at random), recording every post as
 * `posting` before anything is sent. One transaction, so two rounds never both fill a slot.
 */
export async function planBakeoffRound(ctx: ServiceContext, bakeoffId: number): Promise<BakeoffRound | undefined> {
  return await withTransaction(ctx, async () => {
    const bakeoff = await findBakeoffById(ctx.db, bakeoffId);
    if (!bakeoff) return undefined;
    const policy = policyOf(bakeoff);
    const tally = await bakeoffTally(ctx, bakeoff);
    const board = bakeoffBoard(tally, policy);
    if (bakeoff.status !== "running" || !bakeoff.platform || !bakeoff.channelId) return { bakeoff, board, posts: [] };
    const status = board.stable ? "stable" : board.votes >= bakeoff.maxVotes ? "budget" : undefined;
    if (status) {
      const outcome = describeOutcome(status, board, bakeoff.confidence);
      await endBakeoff(ctx.db, bakeoff.id, { status, outcome, at: ctx.clock.now() });
      await setCampaignStatus(ctx, { campaign: bakeoff.name, status: "closed" });
      return { bakeoff: (await findBakeoffById(ctx.db, bakeoff.id))!, board, ended: outcome, posts: [] };
    }
    const waiting = await waitingBakeoffPosts(ctx.db, bakeoff.campaignId);
    const index = new Map(tally.models.map((m, i) => [m, i]));
    const pending = new Set(waiting.map((p) => pairKey(index.get(p.modelA)!, index.get(p.modelB)!)));
    const comparable = new Set((await comparableModelPairs(ctx.db, bakeoff.id)).map(([a, b]) => pairKey(index.get(a)!, index.get(b)!)));
    const posts: ChannelPostRow[] = [];
    const now = ctx.clock.now();
    for (let slot = waiting.length; slot < bakeoff.parallel; slot++) {
      const { i, j } = nextPair(tally, board, policy, ctx.random, { pending, comparable });
      pending.add(pairKey(i, j));
      // Either model may be response A; the post's display order is drawn apart from that.
      const [a, b] = ctx.random() < 0.5 ? [tally.models[i]!, tally.models[j]!] : [tally.models[j]!, tally.models[i]!];
      const prompts = await sharedPrompts(ctx.db, bakeoff, a, b);
      const leastUsed = prompts.filter((p) => p.uses === prompts[0]!.uses);
      const prompt = leastUsed[Math.floor(ctx.random() * leastUsed.length)]!;
      const comparison = await insertComparison(ctx.db, {
        campaignId: bakeoff.campaignId,
        // Unique per prompt, pair and showing: the pair's n-th time on this prompt.
        externalId: JSON.stringify([prompt.promptKey, ...[a, b].sort(), prompt.uses + 1]),
        prompt: prompt.prompt,
        responseA: prompt.outputA,
        responseB: prompt.outputB,
        modelA: a,
        modelB: b,
        metadata: { bakeoffPrompt: prompt.promptKey },
        targetOverlap: 1,
        createdAt: now,
      });
      posts.push(
        await insertChannelPost(ctx.db, {
          campaignId: bakeoff.campaignId,
          comparisonId: comparison.id,
          platform: bakeoff.platform,
          channelId: bakeoff.channelId,
          displayOrder: ctx.random() < 0.5 ? "ab" : "ba",
          createdAt: now,
        }),
      );
    }
    return { bakeoff, board, posts };
  });
}
