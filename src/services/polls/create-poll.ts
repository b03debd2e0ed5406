import type { ServiceContext } from "../context.js";
import { findPoll, insertPoll, type PollRecord } from "../../storage/repos/polls.repo.js";
import { newPollSecret } from "./anonymous-voter.js";
import { parseCloseTime } from "./close-time.js";
import type { PollRequest } from "./poll-request.js";

/**
 * Records a poll before it is posted (status `posting`), so a crash between the two leaves a
 * poll the bot knows was never shown rather than a post it does not know about.
 */
export async function createPoll(
  ctx: ServiceContext,
  input: { request: PollRequest; platform: string; workspaceId: string; channelId: string; creatorUserId: string; timezone: string },
): Promise<PollRecord> {
  const now = ctx.clock.now();
  const closesAt = parseCloseTime(input.request.close, now, input.timezone);
  const r = input.request;
  const id = await insertPoll(ctx.db, {
    platform: input.platform,
    workspaceId: input.workspaceId,
    channelId: input.channelId,
    creatorUserId: input.creatorUserId,
    question: r.question,
    options: r.options,
    anonymous: r.anonymous,
    hidden: r.hidden,
    multi: r.multi,
    closesAt: closesAt.getTime(),
    salt: r.anonymous ? newPollSecret() : null,
    createdAt: now.getTime(),
  });
  return (await findPoll(ctx.db, id))!;
}
