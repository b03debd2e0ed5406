import { renderChartPng } from "../../charts/render.js";
import { afterReply, type DispatchDeps } from "../dispatch-context.js";
import type { InboundEvent, Reply } from "../events.js";
import { canLead } from "../lead-access.js";
import type { PlatformName } from "../platform.js";
import { notice } from "../views.js";
import { pollCard } from "../cards/poll-card.js";
import { pollChart } from "../cards/poll-chart.js";
import { closePoll, type ClosedPoll } from "../../services/polls/close-poll.js";
import { pollById } from "../../services/polls/find-polls.js";

/** Closes a poll (asked by its creator or a lead of its workspace) and replaces its message with the results, with a bar chart beside it. */
export async function closeAndAnnounce(deps: DispatchDeps, event: InboundEvent, pollId: number): Promise<Reply> {
  const poll = await pollById(deps.services, pollId);
  const lead = poll !== undefined && (await canLead(deps, event, { poll }));
  const closed = await closePoll(deps.services, {
    pollId,
    by: { platform: event.user.platform, workspaceId: event.user.workspaceId, userId: event.user.userId, lead },
  });
  if (!closed) return { kind: "private", view: notice(`Poll #${pollId} was already closed.`) };
  afterReply(deps, "poll results", () => announceResults(deps, closed));
  return { kind: "private", view: notice(`Poll #${pollId} is closed; the results replace its buttons.`, "success") };
}

/** Replaces a closed poll's message with its results and posts the chart beside it (in its thread where the platform has threads). */
export async function announceResults(deps: DispatchDeps, { poll, counts, voters }: ClosedPoll): Promise<void> {
  const platform = deps.platforms.get(poll.platform as PlatformName);
  if (!platform || !poll.messageId) return;
  const message = { platform: platform.name, channelId: poll.channelId, messageId: poll.messageId };
  await platform.updateMessage(message, pollCard(poll, { counts, voters }, deps.timezone));
  const png = renderChartPng(pollChart(poll, counts));
  const to = platform.capabilities.threads
    ? { kind: "channel" as const, channel: { platform: platform.name, channelId: poll.channelId }, thread: message }
    : { kind: "channel" as const, channel: { platform: platform.name, channelId: poll.channelId } };
  await platform.uploadFile(
    to,
    { name: `poll-${poll.id}.png`, mimeType: "image/png", data: png, title: `Poll #${poll.id} results` },
    `Results of poll #${poll.id}: ${poll.question}`,
  );
}
