import type { ServiceContext } from "../context.js";
import { setPollFailed, setPollPosted } from "../../storage/repos/polls.repo.js";

/** The poll's message went out: it is open, and its message is known (for the results at the close). */
export function markPollPosted(ctx: ServiceContext, pollId: number, messageId: string): void {
  setPollPosted(ctx.db, pollId, messageId);
}

/** The platform refused the poll's post for good (the bot cannot post there): it is never sent again. */
export function markPollFailed(ctx: ServiceContext, pollId: number): void {
  setPollFailed(ctx.db, pollId);
}
