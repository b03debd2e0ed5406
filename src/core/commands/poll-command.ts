import { handlePollCommand } from "../handlers/poll-command.js";
import { POLL_EXAMPLE } from "../../services/polls/poll-request.js";
import type { CommandSpec } from "./command-spec.js";

export const pollCommand: CommandSpec = {
  name: "poll",
  lead: false,
  usage: '"question" "option 1" "option 2" … [--anonymous] [--close 2h] [--hidden] [--multi]',
  summary: "A quick poll in this channel (no arguments opens a form for long options).",
  details: `Up to 10 options; one vote a person (several with --multi), changeable until the close; --hidden shows counts only at the close; --anonymous keeps no link from a person to a choice (such votes are final). Closes after 24h unless --close says otherwise. Also: /pairwise poll list | close <id> | results <id>. Example: ${POLL_EXAMPLE}`,
  run: (deps, event) => handlePollCommand(deps, event),
};
