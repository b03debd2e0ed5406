import { adoptAnnouncement, claimAnnouncement, findBakeoffById } from "../../storage/repos/bakeoffs.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";

/**
 * What to do about a bake-off's announcement, decided before anything is sent: `send` when this
 * call recorded the intent (no earlier run began a send), `look` when an earlier run did, so the
 * message may be out there with its id never recorded (a crash, or an answer lost on the way
 * back); it must be looked for before it is sent again. `at` is when the intent was recorded: the
 * message is no older than that (give or take clock skew), and it keys the send.
 */
export async function claimBakeoffAnnouncement(ctx: ServiceContext, bakeoffId: number): Promise<{ action: "send" | "look"; at: Date }> {
  return await withTransaction(ctx, async () => {
    const fresh = await claimAnnouncement(ctx.db, bakeoffId, ctx.clock.now());
    const at = (await findBakeoffById(ctx.db, bakeoffId))?.announcementIntentAt ?? ctx.clock.now();
    return { action: fresh ? "send" : "look", at };
  });
}

/** Records the announcement's message (sent now, or found on the platform); false when one was recorded already. */
export async function adoptBakeoffAnnouncement(ctx: ServiceContext, bakeoffId: number, messageId: string): Promise<boolean> {
  return await adoptAnnouncement(ctx.db, bakeoffId, messageId);
}
