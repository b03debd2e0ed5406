import type { ServiceContext } from "../context.js";
import { setPollFailed, setPollPosted } from "../../storage/repos/polls.repo.js";

/** The poll's message went out: it is open, and its message is known (for the results at the close). */
export async function markPollPosted(ctx: ServiceContext, pollId: number, messageId: string): Promise<void> {
  await setPollPosted(ctx.db, pollId, messageId);
}

/** The platform refused the poll's post for good (the bot cannot post there): it is never sent again. */
export async function markPollFailed(ctx: ServiceContext, pollId: number): Promise<void> {
  await setPollFailed(ctx.db, pollId);
}
