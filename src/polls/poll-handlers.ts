import { renderChartPng } from "../charts/render.js";
import { afterReply, type DispatchDeps } from "../core/dispatch-context.js";
import { canLead } from "../core/lead-access.js";
import type { CommandInvoked, FormSubmitted, InboundEvent, Reply } from "../core/events.js";
import type { PlatformName } from "../core/platform.js";
import { notice } from "../core/views.js";
import { PairwiseError, isPairwiseError } from "../errors.js";
import { pollCard, pollChart, pollForm } from "./poll-card.js";
import { parsePollArgs, validatePoll, type PollRequest } from "./poll-input.js";
import { duePolls, findPoll, openPollsIn, pollCounts, type PollRecord } from "./poll-repo.js";
import { castPollVote, closePoll, createPoll, inPollWorkspace, markPollFailed, markPollPosted } from "./poll-service.js";
import { inviteHint, sendOutcomeOf } from "../core/platform-errors.js";
import { formatInZone } from "../domain/format-time.js";

/**
 * Posts a recorded poll in its channel, then marks it open with the message id. A refusal is final
 * (the platform gives the same answer every time): the poll is marked `failed`, never retried,
 * and the outcome says why. Any other failure leaves it `posting` for the minute sweep.
 */
async function publish(deps: DispatchDeps, poll: PollRecord): Promise<"posted" | "no_access" | "refused"> {
  const platform = deps.platforms.get(poll.platform as PlatformName);
  if (!platform) throw new Error(`platform ${poll.platform} is not running`);
  try {
    const ref = await platform.postMessage(
      { kind: "channel", channel: { platform: platform.name, channelId: poll.channelId } },
      pollCard(poll, { counts: poll.options.map(() => 0), voters: 0 }, deps.timezone),
    );
    markPollPosted(deps.services, poll.id, ref.messageId);
    return "posted";
  } catch (error) {
    const { outcome, noAccess } = sendOutcomeOf(error);
    if (outcome !== "refused") throw error;
    markPollFailed(deps.services, poll.id);
    deps.logger.warn(
      { err: error, poll: poll.id, platform: platform.name, channel: poll.channelId },
      noAccess ? "poll not posted: the bot is not in the channel" : "poll refused by the platform",
    );
    return noAccess ? "no_access" : "refused";
  }
}

/** What the creator is told about a poll's post, once the platform answered. */
function publishedNotice(deps: DispatchDeps, poll: PollRecord, outcome: "posted" | "no_access" | "refused"): Reply {
  if (outcome === "no_access") {
    return {
      kind: "private",
      view: notice(
        `Poll #${poll.id} was not posted: Pairwise is not a member of this channel, so it cannot post here. To fix it, ${inviteHint(poll.platform)}, then create the poll again.`,
        "warning",
      ),
    };
  }
  if (outcome === "refused")
    return { kind: "private", view: notice(`Poll #${poll.id} was not posted: the platform refused the message. Try a shorter question or options.`, "danger") };
  const closes = formatInZone(new Date(poll.closesAt), deps.timezone);
  return {
    kind: "private",
    view: notice(`Poll #${poll.id} is up in this channel. It closes at ${closes}; close it sooner with \`/pairwise poll close ${poll.id}\`.`, "success"),
  };
}

/**
 * Records the poll, then posts it before saying anything: the creator learns whether it is up, or
 * what to do when the bot cannot post in the channel (invite it), instead of a promise.
 */
function startPoll(deps: DispatchDeps, event: InboundEvent, request: PollRequest): Reply {
  if (!event.channel) throw new PairwiseError("VALIDATION", "Run /pairwise poll in the channel where the poll should appear.");
  const poll = createPoll(deps.services, {
    request,
    platform: event.platform,
    workspaceId: event.user.workspaceId,
    channelId: event.channel.channelId,
    creatorUserId: event.user.userId,
    timezone: deps.timezone,
  });
  return {
    kind: "deferred",
    visibility: "private",
    work: async () => {
      try {
        return publishedNotice(deps, poll, await publish(deps, poll));
      } catch (error) {
        deps.logger.warn({ err: error, poll: poll.id }, "poll post failed; retried by the minute sweep");
        return {
          kind: "private",
          view: notice(`Poll #${poll.id} could not be posted yet (the platform did not answer); Pairwise tries again within a minute.`, "warning"),
        };
      }
    },
  };
}

/** `/pairwise poll …`: create (arguments or the form), `list`, `close <id>`, `results <id>`. */
export async function handlePollCommand(deps: DispatchDeps, event: CommandInvoked): Promise<Reply> {
  const [first, second] = event.args;
  if (event.args.length === 0) return { kind: "form", form: pollForm() };
  if (first === "list" && event.args.length === 1) {
    const open = event.channel ? openPollsIn(deps.services.db, event.platform, event.channel.channelId) : [];
    const text =
      open.length === 0
        ? "No open poll in this channel."
        : open.map((p) => `#${p.id} ${p.question} (closes ${formatInZone(new Date(p.closesAt), deps.timezone)})`).join("\n");
    return { kind: "private", view: notice(text) };
  }
  // `poll vote 2 1` reads as a vote, not as a poll asking "vote" with options "2" and "1".
  if (first?.toLowerCase() === "vote" && event.args.length === 3 && event.args.slice(1).every((a) => /^\d+$/.test(a))) {
    throw new PairwiseError(
      "VALIDATION",
      `Votes go through the poll's buttons: press option ${event.args[2]} on poll #${event.args[1]}. (To ask a poll whose question is "vote", write the question in quotes with a question mark.)`,
    );
  }
  if ((first === "close" || first === "results") && event.args.length === 2) {
    const id = Number(second);
    if (!Number.isInteger(id) || id < 1) throw new PairwiseError("VALIDATION", `"${second}" is not a poll number. Example: /pairwise poll ${first} 12`);
    const poll = findPoll(deps.services.db, id);
    // Results and closing belong to the poll's own workspace (Slack team, Discord guild).
    if (!poll || !inPollWorkspace(poll, event.user)) throw new PairwiseError("NOT_FOUND", `There is no poll #${id} here.`);
    if (first === "close") return closeAndAnnounce(deps, event, id);
    const tally = pollCounts(deps.services.db, poll);
    const mayPeek = poll.status === "closed" || !poll.hidden || poll.creatorUserId === event.user.userId || (await canLead(deps, event, { poll }));
    if (!mayPeek) return { kind: "private", view: notice(`Poll #${id} hides its results until the close (${tally.voters} voted so far).`) };
    return { kind: "private", view: pollCard({ ...poll, hidden: false, status: poll.status === "closed" ? "closed" : poll.status }, tally, deps.timezone) };
  }
  return startPoll(deps, event, parsePollArgs(event.args));
}

/** The poll form's submission. Errors go back to the form with the typed text. */
export function handlePollForm(deps: DispatchDeps, event: FormSubmitted): Reply {
  const v = event.values;
  const text = (id: string) => (typeof v[id] === "string" ? (v[id] as string) : "");
  const settings = Array.isArray(v.settings) ? v.settings : typeof v.settings === "string" ? [v.settings] : [];
  try {
    const request = validatePoll({
      question: text("question"),
      options: text("options").split(/\r?\n/),
      anonymous: settings.includes("anonymous"),
      hidden: settings.includes("hidden"),
      multi: settings.includes("multi"),
      ...(text("close").trim() ? { close: text("close") } : {}),
    });
    return startPoll(deps, event, request);
  } catch (error) {
    if (isPairwiseError(error) && error.code === "VALIDATION") {
      const field = /close time|past|at most 90 days/.test(error.message) ? "close" : /question/.test(error.message) ? "question" : "options";
      return { kind: "form_errors", errors: { [field]: error.message.slice(0, 300) }, form: pollForm(v) };
    }
    throw error;
  }
}

/** A vote button: the poll message updates (unless hidden) and the voter gets a private confirmation. */
export function handlePollVote(deps: DispatchDeps, event: InboundEvent, pollId: number, option: number): Reply {
  const target = findPoll(deps.services.db, pollId);
  if (!target || !inPollWorkspace(target, event.user)) throw new PairwiseError("NOT_FOUND", "This poll is not one of this workspace's.");
  const result = castPollVote(deps.services, { pollId, userId: `${event.user.platform}:${event.user.workspaceId}:${event.user.userId}`, option });
  const poll = result.poll;
  const label = (i: number) => `${i + 1}. ${poll.options[i]}`;
  const note =
    result.change === "unchanged"
      ? `You already voted for ${label(option)}.`
      : result.change === "removed"
        ? `Removed your vote for ${label(option)}.${result.mine.length ? ` You have: ${result.mine.map(label).join(", ")}.` : ""}`
        : poll.anonymous
          ? `Voted ${label(option)}, anonymously. Anonymous votes are final.`
          : `Voted ${label(option)}.${poll.multi ? ` You have: ${result.mine.map(label).join(", ")}.` : " You can change it until the close."}`;
  return { kind: "update", view: pollCard(poll, pollCounts(deps.services.db, poll), deps.timezone), privateNote: notice(note, "success") };
}

/** Closes a poll (asked by its creator or a lead of its workspace) and replaces its message with the results, with a bar chart beside it. */
export async function closeAndAnnounce(deps: DispatchDeps, event: InboundEvent, pollId: number): Promise<Reply> {
  const poll = findPoll(deps.services.db, pollId);
  const lead = poll !== undefined && (await canLead(deps, event, { poll }));
  const closed = closePoll(deps.services, {
    pollId,
    by: { platform: event.user.platform, workspaceId: event.user.workspaceId, userId: event.user.userId, lead },
  });
  if (!closed) return { kind: "private", view: notice(`Poll #${pollId} was already closed.`) };
  afterReply(deps, "poll results", () => announceResults(deps, closed.poll, closed.counts, closed.voters));
  return { kind: "private", view: notice(`Poll #${pollId} is closed; the results replace its buttons.`, "success") };
}

async function announceResults(deps: DispatchDeps, poll: PollRecord, counts: number[], voters: number): Promise<void> {
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

/** A DM to a poll's creator (the interaction that made it is long gone). */
async function tellCreator(deps: DispatchDeps, poll: PollRecord, reply: Reply): Promise<void> {
  const platform = deps.platforms.get(poll.platform as PlatformName);
  if (!platform || reply.kind !== "private") return;
  await platform
    .postMessage({ kind: "direct", user: { platform: platform.name, workspaceId: poll.workspaceId, userId: poll.creatorUserId } }, reply.view)
    .catch((error: unknown) => deps.logger.warn({ err: error, poll: poll.id }, "could not tell the poll's creator"));
}

/** Due work for the minute sweep: closes polls whose time came (also those missed while the bot was down). */
export async function closeDuePolls(deps: DispatchDeps, now: Date): Promise<void> {
  for (const poll of duePolls(deps.services.db, now.getTime())) {
    const closed = closePoll(deps.services, { pollId: poll.id });
    if (closed)
      await announceResults(deps, closed.poll, closed.counts, closed.voters).catch((error: unknown) =>
        deps.logger.error({ err: error, poll: poll.id }, "poll results failed"),
      );
  }
  // Polls recorded but never posted (a crash in between): post them now, once.
  for (const row of deps.services.db.$client.prepare("SELECT id FROM polls WHERE status = 'posting' AND created_at < ?").all(now.getTime() - 60_000) as {
    id: number;
  }[]) {
    const poll = findPoll(deps.services.db, row.id);
    if (poll && deps.platforms.has(poll.platform as PlatformName)) {
      const outcome = await publish(deps, poll).catch((error: unknown) => void deps.logger.error({ err: error, poll: poll.id }, "poll repost failed"));
      if (outcome === "no_access" || outcome === "refused") await tellCreator(deps, poll, publishedNotice(deps, poll, outcome));
    }
  }
}
