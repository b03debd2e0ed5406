import type { DispatchDeps } from "../dispatch-context.js";
import type { CommandInvoked, Reply } from "../events.js";
import { canLead } from "../lead-access.js";
import { notice } from "../views.js";
import { parsePollArgs } from "../commands/poll-args.js";
import { pollCard } from "../cards/poll-card.js";
import { pollForm } from "../cards/poll-form.js";
import { PairwiseError } from "../../errors.js";
import { formatInZone } from "../../domain/format-time.js";
import { openPollsInChannel, pollOfWorkspace, pollTally } from "../../services/polls/find-polls.js";
import { maySeeResults } from "../../services/polls/poll-access.js";
import { closeAndAnnounce } from "./poll-close.js";
import { startPoll } from "./poll-start.js";

/** `/pairwise poll …`: create (arguments or the form), `list`, `close <id>`, `results <id>`. */
export async function handlePollCommand(deps: DispatchDeps, event: CommandInvoked): Promise<Reply> {
  const [first, second] = event.args;
  if (event.args.length === 0) return { kind: "form", form: pollForm() };
  if (first === "list" && event.args.length === 1) {
    const open = event.channel ? await openPollsInChannel(deps.services, event.platform, event.channel.channelId) : [];
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
    // Results and closing belong to the poll's own workspace (Slack team, Discord guild).
    const poll = await pollOfWorkspace(deps.services, id, event.user);
    if (!poll) throw new PairwiseError("NOT_FOUND", `There is no poll #${id} here.`);
    if (first === "close") return closeAndAnnounce(deps, event, id);
    const tally = await pollTally(deps.services, poll);
    if (!(await maySeeResults(poll, { userId: event.user.userId, lead: () => canLead(deps, event, { poll }) })))
      return { kind: "private", view: notice(`Poll #${id} hides its results until the close (${tally.voters} voted so far).`) };
    return { kind: "private", view: pollCard({ ...poll, hidden: false, status: poll.status === "closed" ? "closed" : poll.status }, tally, deps.timezone) };
  }
  return await startPoll(deps, event, parsePollArgs(event.args));
}
