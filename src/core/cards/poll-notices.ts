import type { PollRecord } from "../../services/polls/find-polls.js";
import type { PollVoteResult } from "../../services/polls/cast-poll-vote.js";
import { formatInZone } from "../../domain/format-time.js";
import { inviteHint } from "../platform-errors.js";
import { notice, type MessageView } from "../views.js";

/** How a poll's post went, as the platform answered. */
export type PollPostOutcome = "posted" | "no_access" | "refused";

/** What the creator is told about a poll's post, once the platform answered (close time in the team's time zone). */
export function pollPostedNotice(poll: PollRecord, outcome: PollPostOutcome, zone: string): MessageView {
  if (outcome === "no_access") {
    return notice(
      `Poll #${poll.id} was not posted: Pairwise is not a member of this channel, so it cannot post here. To fix it, ${inviteHint(poll.platform)}, then create the poll again.`,
      "warning",
    );
  }
  if (outcome === "refused") return notice(`Poll #${poll.id} was not posted: the platform refused the message. Try a shorter question or options.`, "danger");
  const closes = formatInZone(new Date(poll.closesAt), zone);
  return notice(`Poll #${poll.id} is up in this channel. It closes at ${closes}; close it sooner with \`/pairwise poll close ${poll.id}\`.`, "success");
}

/** The voter's private confirmation of a click on option `option`: what changed and what they have now. */
export function pollVoteNote(result: PollVoteResult, option: number): MessageView {
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
  return notice(note, "success");
}
