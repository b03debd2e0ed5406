import type { DispatchDeps } from "../dispatch-context.js";
import type { FormSubmitted, InboundEvent, Reply } from "../events.js";
import { notice } from "../views.js";
import { pollForm } from "../cards/poll-form.js";
import { pollPostedNotice } from "../cards/poll-notices.js";
import { PairwiseError, isPairwiseError } from "../../errors.js";
import { createPoll } from "../../services/polls/create-poll.js";
import { validatePoll, type PollRequest } from "../../services/polls/poll-request.js";
import { publishPoll } from "./poll-publish.js";

/**
 * Records the poll, then posts it before saying anything: the creator learns whether it is up, or
 * what to do when the bot cannot post in the channel (invite it), instead of a promise.
 */
export async function startPoll(deps: DispatchDeps, event: InboundEvent, request: PollRequest): Promise<Reply> {
  if (!event.channel) throw new PairwiseError("VALIDATION", "Run /pairwise poll in the channel where the poll should appear.");
  const poll = await createPoll(deps.services, {
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
        return { kind: "private", view: pollPostedNotice(poll, await publishPoll(deps, poll), deps.timezone) };
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

/** The poll form's submission. Errors go back to the form with the typed text. */
export async function handlePollForm(deps: DispatchDeps, event: FormSubmitted): Promise<Reply> {
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
    return await startPoll(deps, event, request);
  } catch (error) {
    if (isPairwiseError(error) && error.code === "VALIDATION") {
      const field = /close time|past|at most 90 days/.test(error.message) ? "close" : /question/.test(error.message) ? "question" : "options";
      return { kind: "form_errors", errors: { [field]: error.message.slice(0, 300) }, form: pollForm(v) };
    }
    throw error;
  }
}
