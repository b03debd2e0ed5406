import { PairwiseError } from "../../errors.js";

export const MAX_OPTIONS = 10;
export const MAX_OPTION_LENGTH = 300;
export const MAX_QUESTION_LENGTH = 500;
export const POLL_EXAMPLE = '/pairwise poll "Which subject line?" "Launch day" "We\'re live" --close 2h';

/** A poll as someone asked for it (chat arguments, the form or the API), before it is recorded. */
export interface PollRequest {
  question: string;
  options: string[];
  anonymous: boolean;
  hidden: boolean;
  multi: boolean;
  close?: string;
}

/** A refusal of a poll request, with an example of the right form. */
export const pollRequestError = (why: string) => new PairwiseError("VALIDATION", `${why} Example: ${POLL_EXAMPLE}`);

/** Checks a poll's question and options, whichever way they were given (arguments, the form or the API). */
export function validatePoll(request: PollRequest): PollRequest {
  const question = request.question.trim();
  const options = request.options.map((o) => o.trim()).filter((o) => o.length > 0);
  if (question.length === 0) throw pollRequestError("A poll needs a question.");
  if (question.length > MAX_QUESTION_LENGTH) throw pollRequestError(`Keep the question under ${MAX_QUESTION_LENGTH} characters (it has ${question.length}).`);
  if (options.length < 2) throw pollRequestError(`A poll needs at least 2 options; it has ${options.length}.`);
  if (options.length > MAX_OPTIONS) throw pollRequestError(`A poll takes at most ${MAX_OPTIONS} options; it has ${options.length}.`);
  const long = options.find((o) => o.length > MAX_OPTION_LENGTH);
  if (long) throw pollRequestError(`Keep each option under ${MAX_OPTION_LENGTH} characters ("${long.slice(0, 30)}…" has ${long.length}).`);
  const seen = new Set<string>();
  for (const o of options) {
    if (seen.has(o.toLowerCase())) throw pollRequestError(`The option "${o}" appears twice.`);
    seen.add(o.toLowerCase());
  }
  if (request.anonymous && request.multi) throw pollRequestError("An anonymous poll takes one vote a person, so --anonymous and --multi cannot go together.");
  return { ...request, question, options };
}
