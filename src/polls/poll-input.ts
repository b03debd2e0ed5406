import { PairwiseError } from "../errors.js";

export const MAX_OPTIONS = 10;
export const MAX_OPTION_LENGTH = 300;
export const MAX_QUESTION_LENGTH = 500;
export const POLL_EXAMPLE = '/pairwise poll "Which subject line?" "Launch day" "We\'re live" --close 2h';

export interface PollRequest {
  question: string;
  options: string[];
  anonymous: boolean;
  hidden: boolean;
  multi: boolean;
  close?: string;
}

const bad = (why: string) => new PairwiseError("VALIDATION", `${why} Example: ${POLL_EXAMPLE}`);

/** Checks a poll's question and options, whichever way they were given (arguments or the form). */
export function validatePoll(request: PollRequest): PollRequest {
  const question = request.question.trim();
  const options = request.options.map((o) => o.trim()).filter((o) => o.length > 0);
  if (question.length === 0) throw bad("A poll needs a question.");
  if (question.length > MAX_QUESTION_LENGTH) throw bad(`Keep the question under ${MAX_QUESTION_LENGTH} characters (it has ${question.length}).`);
  if (options.length < 2) throw bad(`A poll needs at least 2 options; it has ${options.length}.`);
  if (options.length > MAX_OPTIONS) throw bad(`A poll takes at most ${MAX_OPTIONS} options; it has ${options.length}.`);
  const long = options.find((o) => o.length > MAX_OPTION_LENGTH);
  if (long) throw bad(`Keep each option under ${MAX_OPTION_LENGTH} characters ("${long.slice(0, 30)}…" has ${long.length}).`);
  const seen = new Set<string>();
  for (const o of options) {
    if (seen.has(o.toLowerCase())) throw bad(`The option "${o}" appears twice.`);
    seen.add(o.toLowerCase());
  }
  if (request.anonymous && request.multi) throw bad("An anonymous poll takes one vote a person, so --anonymous and --multi cannot go together.");
  return { ...request, question, options };
}

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
      if (value === undefined) throw bad('--close needs a time, such as --close 2h or --close "tomorrow 17:00".');
      request.close = value;
    } else if (a.startsWith("--")) throw bad(`"${a}" is not a poll option; use --anonymous, --hidden, --multi or --close.`);
    else words.push(a);
  }
  const [question = "", ...options] = words;
  return validatePoll({ ...request, question, options });
}
