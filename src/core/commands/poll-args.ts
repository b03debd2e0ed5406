import { pollRequestError, validatePoll, type PollRequest } from "../../services/polls/poll-request.js";

/** Reads `"question" "option 1" "option 2" … [--anonymous] [--close 2h] [--hidden] [--multi]`. */
export function parsePollArgs(args: readonly string[]): PollRequest {
  const words: string[] = [];
  const request: PollRequest = { question: "", options: [], anonymous: false, hidden: false, multi: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--anonymous") request.anonymous = true;
    else if (a === "--hidden") request.hidden = true;
    else if (a === "--multi") request.multi = true;
    else if (a === "--close") {
      const value = args[++i];
      if (value === undefined) throw pollRequestError('--close needs a time, such as --close 2h or --close "tomorrow 17:00".');
      request.close = value;
    } else if (a.startsWith("--")) throw pollRequestError(`"${a}" is not a poll option; use --anonymous, --hidden, --multi or --close.`);
    else words.push(a);
  }
  const [question = "", ...options] = words;
  return validatePoll({ ...request, question, options });
}
