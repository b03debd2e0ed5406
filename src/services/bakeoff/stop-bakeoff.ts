import { z } from "zod";
import { policyOf } from "../../domain/bakeoff.js";
import { PairwiseError } from "../../errors.js";
import { bakeoffBoard } from "../../stats/index.js";
import { endBakeoff, findBakeoffById } from "../../storage/repos/bakeoffs.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { setCampaignStatus } from "../set-campaign-status.js";
import { bakeoffTally, describeOutcome, type BakeoffStanding } from "./bakeoff-standing.js";
import { requireBakeoff } from "./find-bakeoff.js";

export const StopBakeoffInput = z.object({ name: z.string().min(1) });

/** A lead ends a running bake-off early; the leaderboard stands as it is, and says what is unsettled. */
export async function stopBakeoff(
  ctx: ServiceContext,
  input: z.input<typeof StopBakeoffInput>,
): Promise<Omit<BakeoffStanding, "prompts"> & { outcome: string }> {
  const { name } = StopBakeoffInput.parse(input);
  return await withTransaction(ctx, async () => {
    const bakeoff = await requireBakeoff(ctx, name);
    if (bakeoff.status !== "running")
      throw new PairwiseError(
        "CONFLICT",
        `Bake-off "${name}" is not running (${bakeoff.status === "draft" ? "not started yet" : (bakeoff.outcome ?? bakeoff.status)}).`,
      );
    const board = bakeoffBoard(await bakeoffTally(ctx, bakeoff), policyOf(bakeoff));
    const outcome = describeOutcome("stopped", board, bakeoff.confidence);
    await endBakeoff(ctx.db, bakeoff.id, { status: "stopped", outcome, at: ctx.clock.now() });
    await setCampaignStatus(ctx, { campaign: bakeoff.name, status: "closed" });
    return { bakeoff: (await findBakeoffById(ctx.db, bakeoff.id))!, board, outcome };
  });
}
