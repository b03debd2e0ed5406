import type { PollRecord } from "../../storage/repos/polls.repo.js";

/** Who asks to close a poll: where they are, and whether they lead there (core/lead-access.ts). */
export interface PollActor {
  platform: string;
  workspaceId: string;
  userId: string;
  lead: boolean;
}

/** A poll belongs to the workspace (Slack team, Discord guild) it was posted in: nobody elsewhere sees or touches it. */
export function inPollWorkspace(poll: PollRecord, who: { platform: string; workspaceId: string }): boolean {
  return poll.platform === who.platform && poll.workspaceId === who.workspaceId;
}

/** Inside its workspace, a poll is closed early only by the person who created it or by a lead. */
export function mayClosePoll(poll: PollRecord, by: PollActor): boolean {
  return poll.creatorUserId === by.userId || by.lead;
}

/**
 * Whether someone may see a poll's counts now: anyone once it is closed or when it does not hide
 * them; while a hidden poll is open, its creator and the leads of its workspace. `lead` is asked
 * only when the answer depends on it.
 */
export async function maySeeResults(poll: PollRecord, who: { userId: string; lead: () => Promise<boolean> }): Promise<boolean> {
  return poll.status === "closed" || !poll.hidden || poll.creatorUserId === who.userId || (await who.lead());
}
