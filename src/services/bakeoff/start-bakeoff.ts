import { z } from "zod";
import { PairwiseError } from "../../errors.js";
import { findBakeoffById, markBakeoffRunning, setBakeoffMessages, unstartBakeoff, type NamedBakeoff } from "../../storage/repos/bakeoffs.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { setCampaignStatus } from "../set-campaign-status.js";
import { requireBakeoff } from "./find-bakeoff.js";

export const StartBakeoffInput = z.object({ name: z.string().min(1), platform: z.string().min(1), channelId: z.string().min(1) });

/** Starts a draft bake-off in a channel: it runs there until it is stable, out of votes, or stopped. */
export async function startBakeoff(ctx: ServiceContext, input: z.input<typeof StartBakeoffInput>): Promise<NamedBakeoff> {
  const { name, platform, channelId } = StartBakeoffInput.parse(input);
  return await withTransaction(ctx, async () => {
    const bakeoff = await requireBakeoff(ctx, name);
    if (bakeoff.status === "running")
      throw new PairwiseError(
        "CONFLICT",
        `Bake-off "${name}" is already running in ${bakeoff.platform}:${bakeoff.channelId}. \`/pairwise bakeoff status ${name}\` shows where it stands.`,
      );
    if (bakeoff.status !== "draft")
      throw new PairwiseError("CONFLICT", `Bake-off "${name}" has ended (${bakeoff.outcome ?? bakeoff.status}). Create a new one to run it again.`);
    await markBakeoffRunning(ctx.db, bakeoff.id, { platform, channelId, at: ctx.clock.now() });
    await setCampaignStatus(ctx, { campaign: bakeoff.name, status: "active" });
    return (await findBakeoffById(ctx.db, bakeoff.id))!;
  });
}

/** Records where the bake-off's announcement and live leaderboard are, so later rounds edit them. */
export async function recordBakeoffMessages(
  ctx: ServiceContext,
  bakeoffId: number,
  messages: { rootMessageId?: string; boardChannelId?: string; boardMessageId?: string },
): Promise<void> {
  await setBakeoffMessages(ctx.db, bakeoffId, messages);
}

/**
 * Puts a bake-off whose channel refused its first post (the bot is not in it) back to draft, so
 * the minute sweep does not try it again, and it can be started once the bot is invited.
 */
export async function returnBakeoffToDraft(ctx: ServiceContext, bakeoffId: number): Promise<boolean> {
  return await unstartBakeoff(ctx.db, bakeoffId);
}
