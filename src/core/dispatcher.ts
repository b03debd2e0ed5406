import { PairwiseError } from "../errors.js";
import { findCommand, helpView } from "./commands/index.js";
import type { DispatchDeps } from "./dispatch-context.js";
import { canLead, leadAsker } from "./lead-access.js";
import { requireCommandAccess } from "../services/require-lead.js";
import { errorReply } from "./error-reply.js";
import { assertNever, type ActionInvoked, type CommandInvoked, type FormSubmitted, type InboundEvent, type Reply } from "./events.js";
import { handleChannelFullText, handleChannelVote } from "./handlers/channel.js";
import { handleFullText } from "./handlers/full-text.js";
import { handleGuidelines, handleGuidelinesFull } from "./handlers/guidelines.js";
import { handleBakeoffBoard } from "./handlers/bakeoff-ended.js";
import { handleAdjudicateButton, handleAdjudicateForm } from "./handlers/adjudicate.js";
import { handleJudgeDecision, handleJudgeReviewStart } from "./handlers/judge-review.js";
import { handleReviewButton, handleReviewForm } from "./handlers/review.js";
import { handleCalibrationStart } from "./handlers/calibration.js";
import { closeAndAnnounce } from "./handlers/poll-close.js";
import { handlePollForm } from "./handlers/poll-start.js";
import { handlePollVote } from "./handlers/poll-vote.js";
import { nextReply } from "./handlers/next.js";
import { openRationaleForm, openRubricForm, submitRationaleForm } from "./handlers/rationale.js";
import { handleSkip } from "./handlers/skip.js";
import { handleVote } from "./handlers/vote.js";
import { campaignChoices } from "../services/campaign-autocomplete.js";
import { inSharedCommit } from "../services/shared-commit.js";

export interface Dispatcher {
  /** Routes one inbound event to its service and returns the reply. Never throws: errors become notices. */
  handle(event: InboundEvent): Promise<Reply>;
}

/**
 * The core's single entry point for every platform. Each event is an error boundary: a failing
 * handler is logged and answered with a clear notice, never crashes the process.
 */
export function createDispatcher(deps: DispatchDeps): Dispatcher {
  return {
    async handle(event) {
      const context = { kind: event.kind, platform: event.platform, user: event.user.userId };
      try {
        const reply = await route(deps, event);
        // Slow work that fails (an export with nothing to write) is answered like any other error.
        if (reply.kind === "deferred")
          return { ...reply, work: () => deps.background.track(reply.work().catch((error: unknown) => errorReply(error, deps.logger, context))) };
        return reply;
      } catch (error) {
        return errorReply(error, deps.logger, context);
      }
    },
  };
}

async function route(deps: DispatchDeps, event: InboundEvent): Promise<Reply> {
  switch (event.kind) {
    case "command":
      return runCommand(deps, event);
    case "action":
      return await runAction(deps, event);
    case "form_submitted":
      return await runForm(deps, event);
    case "autocomplete":
      return { kind: "choices", choices: await campaignChoices(deps.services, event.query) };
    default:
      return assertNever(event, "event");
  }
}

async function runCommand(deps: DispatchDeps, event: CommandInvoked): Promise<Reply> {
  const name = event.subcommand.trim().toLowerCase();
  if (name === "") return { kind: "private", view: helpView(await canLead(deps, event, "any")) };
  const command = findCommand(name);
  if (!command)
    return {
      kind: "private",
      view: helpView(await canLead(deps, event, "any"), undefined, `There is no \`${name.slice(0, 40)}\` command. Here is what you can do:`),
    };
  if (command.lead)
    await requireCommandAccess(deps.services, leadAsker(deps, event), { name: command.name, access: command.lead, campaignName: event.args[0] });
  return command.run(deps, event);
}

async function runAction(deps: DispatchDeps, event: ActionInvoked): Promise<Reply | Promise<Reply>> {
  const action = event.action;
  switch (action.verb) {
    // Votes are the hot path: when many arrive at once they share one commit (one fsync), and
    // each is answered only after the commit that carries it.
    case "vote":
      return await inSharedCommit(deps.services, async () => await handleVote(deps, event, action.assignmentId, action.choice));
    case "skip":
      return await handleSkip(deps, event, action.assignmentId);
    case "next":
      return await nextReply(deps, event, action.campaignId, action.after);
    case "rationale":
      return await openRationaleForm(deps, event, action.assignmentId);
    case "rubric":
      return await openRubricForm(deps, event, action.assignmentId, action.page);
    case "full_text":
      return await handleFullText(deps, event, action.assignmentId, action.part);
    case "channel_vote":
      return await inSharedCommit(deps.services, async () => await handleChannelVote(deps, event, action.postId, action.choice));
    case "channel_full_text":
      return await handleChannelFullText(deps, action.postId, action.part);
    case "adjudicate":
      return handleAdjudicateButton(deps, event, action.comparisonId, action.choice);
    case "judge_review":
      return handleJudgeReviewStart(deps, event, action.campaignId);
    case "judge_decide":
      return handleJudgeDecision(deps, event, action.comparisonId, action.side);
    case "review":
      return await handleReviewButton(deps, event, action.reviewId, action.verdict);
    case "calibration_start":
      return await handleCalibrationStart(deps, event, action.roundId);
    case "poll_vote":
      return await handlePollVote(deps, event, action.pollId, action.option);
    case "poll_close":
      return closeAndAnnounce(deps, event, action.pollId);
    case "guidelines":
      return await handleGuidelines(deps, action.campaignId);
    case "guidelines_full":
      return await handleGuidelinesFull(deps, action.campaignId);
    case "bakeoff_board":
      return await handleBakeoffBoard(deps, action.campaignId);
    default:
      throw new PairwiseError("VALIDATION", "This button belongs to a feature that is not available here. Use `/pairwise help`.");
  }
}

async function runForm(deps: DispatchDeps, event: FormSubmitted): Promise<Reply | Promise<Reply>> {
  const form = event.form;
  switch (form.verb) {
    case "rationale_form":
      return await submitRationaleForm(
        deps,
        event,
        form.choice ? { assignmentId: form.assignmentId, choice: form.choice } : { assignmentId: form.assignmentId },
        event.values,
      );
    case "rubric_form":
      return await submitRationaleForm(deps, event, { assignmentId: form.assignmentId, rubricPage: form.page }, event.values);
    case "adjudicate_form":
      return handleAdjudicateForm(deps, event, form.comparisonId, form.choice, event.values);
    case "review_form":
      return await handleReviewForm(deps, event, form.reviewId, event.values);
    case "poll_form":
      return await handlePollForm(deps, event);
    default:
      throw new PairwiseError("VALIDATION", "This form is not one Pairwise can take here. Open it again from the message.");
  }
}
